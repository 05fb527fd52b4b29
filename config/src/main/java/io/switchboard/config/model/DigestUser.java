package io.switchboard.config.model;

/** A SIP digest user, stored as HA1 = MD5(username:realm:password) so the password itself is never kept. */
public record DigestUser(String username, String realm, Md5Hex ha1) {
}
