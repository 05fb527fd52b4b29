package io.switchboard.config.model;

import io.switchboard.config.bind.Ref;

/**
 * A SIP phone an agent registers to the instance as {@code sip:<username>@<server>} (a desk phone, baresip,
 * linphone), with a SIP password of its own stored as HA1 = MD5(username:realm:password), never the password.
 */
public record SipPhone(@Ref(section = "users", what = "user") String username, String realm, Md5Hex ha1) {
}
