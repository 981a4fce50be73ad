/* SPDX-License-Identifier: MIT */
/*
 * wsns.h: the XML namespaces and URIs of the Web Ticket Service
 * ([MS-OCAUTHWS]: SOAP 1.1, WS-Trust 1.3, WS-Policy, WSDL 1.1, SAML 1.1,
 * XML Signature), shared by wstrust.c, saml.c and mex.c.
 */
#ifndef LD_WSNS_H
#define LD_WSNS_H

#define NS_SOAP		"http://schemas.xmlsoap.org/soap/envelope/"
#define NS_SOAP12	"http://www.w3.org/2003/05/soap-envelope"
#define NS_WST		"http://docs.oasis-open.org/ws-sx/ws-trust/200512"
#define NS_WST2005	"http://schemas.xmlsoap.org/ws/2005/02/trust"
#define NS_WSP		"http://schemas.xmlsoap.org/ws/2004/09/policy"
#define NS_WSA		"http://www.w3.org/2005/08/addressing"
#define NS_WSA2004	"http://schemas.xmlsoap.org/ws/2004/08/addressing"
#define NS_WSAW		"http://www.w3.org/2006/05/addressing/wsdl"
#define NS_WSU		"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
#define NS_WSSE		"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
#define NS_AUTH		"http://schemas.xmlsoap.org/ws/2006/12/authorization"
#define NS_WSDL		"http://schemas.xmlsoap.org/wsdl/"
#define NS_WSDL_SOAP	"http://schemas.xmlsoap.org/wsdl/soap/"
#define NS_SP		"http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702"
#define NS_HTTP_POLICY	"http://schemas.microsoft.com/ws/06/2004/policy/http"
#define NS_SAML		"urn:oasis:names:tc:SAML:1.0:assertion"
#define NS_DS		"http://www.w3.org/2000/09/xmldsig#"
#define NS_TNS		"http://tempuri.org/"

/* WS-Trust 1.3's Issue request and final response actions (the WSDL's wsaw:Action). */
#define WST_ACTION_ISSUE	NS_WST "/RST/Issue"
#define WST_ACTION_ISSUE_FINAL	NS_WST "/RSTRC/IssueFinal"
#define WST_REQUEST_ISSUE	NS_WST "/Issue"
#define WST2005_REQUEST_ISSUE	NS_WST2005 "/Issue"
/* The token types a web ticket request may name: SAML 1.1 (WS-Security's SAML token profile). */
#define TOKEN_TYPE_SAML11	"http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1"
#define TOKEN_TYPE_SAML10	"urn:oasis:names:tc:SAML:1.0:assertion"
/* The claim of the user's SIP address in a Lync web ticket request. */
#define CLAIM_URI		"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/uri"

/* XML Signature algorithms of the assertion (HMAC-SHA256: RFC 6931 section 2.2.1). */
#define ALG_EXC_C14N		"http://www.w3.org/2001/10/xml-exc-c14n#"
#define ALG_ENVELOPED		"http://www.w3.org/2000/09/xmldsig#enveloped-signature"
#define ALG_HMAC_SHA256		"http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
#define ALG_SHA256		"http://www.w3.org/2001/04/xmlenc#sha256"

#endif
