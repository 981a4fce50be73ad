/* SPDX-License-Identifier: MIT */
/*
 * mex.h: the Web Ticket Service's metadata ([MS-OCAUTHWS] 1.3.1.1, 3.2:
 * GET <X-MS-WebTicketURL>/mex), the WSDL 1.1 document a WS-MetadataExchange
 * client reads:
 *
 *   <wsdl:definitions>
 *     <wsp:Policy wsu:Id="WebTicketServiceWinNegotiate_policy">   HTTP Basic over HTTPS
 *     <wsdl:message>s, <wsdl:portType name="IWebTicketService">   IssueToken (WS-Trust Issue)
 *     <wsdl:binding name="WebTicketServiceWinNegotiate">           SOAP 1.1, the policy
 *     <wsdl:service name="WebTicketService">
 *       <wsdl:port name="WebTicketServiceWinNegotiate"><soap:address location=URL/>
 *
 * Clients find the port by its name and post their RequestSecurityToken to
 * its address, authenticating as the HTTP challenge there says: pidgin-sipe
 * reads service/port, name WebTicketServiceWinNegotiate, address/location,
 * directly under the document's root (as in Lync's own metadata, where the
 * WSDL is the root and its policies sit beside the messages). The port keeps
 * Lync's name although the challenge is Basic (basic.h); its policy says so
 * (http:BasicAuthentication, WCF's assertion).
 */
#ifndef LD_MEX_H
#define LD_MEX_H

#include <stddef.h>

/* The port clients look for by name. */
#define MEX_PORT_NAME	"WebTicketServiceWinNegotiate"

/* The document for the service at url (the port's address); NULL when out of memory. */
char	*mex_document(const char *url, size_t *len);

#endif
