/* SPDX-License-Identifier: MIT */
/*
 * accountcontrol.h: Active Directory's userAccountControl ([MS-ADTS]
 * 2.2.16), a 32-bit set of flags written in decimal ("512" a normal
 * account, "514" the same disabled). The daemon reads one flag of it:
 * ACCOUNTDISABLE, an account an administrator disabled, which signs in
 * nowhere and so is no Lync user either, whatever msRTCSIP-UserEnabled says.
 */
#ifndef LD_ACCOUNTCONTROL_H
#define LD_ACCOUNTCONTROL_H

#include <stdbool.h>

#define UAC_ACCOUNTDISABLE 0x2u

/*
 * Does value (the attribute's text) say the account is disabled? A value
 * that is not a 32-bit integer says so too: what cannot be read is not
 * taken for an enabled account.
 */
bool	 accountcontrol_disabled(const char *value);

#endif
