package io.switchboard.turn.api;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST ephemeral credentials, as coturn's {@code use-auth-secret}: the username is
 * {@code <expiry>:<userid>} (expiry in Unix seconds) and the password is
 * {@code base64(HMAC-SHA1(secret, username))}. The server recomputes the password; nobody stores it.
 */
public record TurnRestCredentials(String username, String password, long expiresAtEpochSeconds) {

    /** Credentials for {@code userId} valid until {@code expiresAtEpochSeconds}. */
    public static TurnRestCredentials issue(String secret, String userId, long expiresAtEpochSeconds) {
        String username = expiresAtEpochSeconds + ":" + userId;
        return new TurnRestCredentials(username, password(secret, username), expiresAtEpochSeconds);
    }

    /** The password that belongs to {@code username} under {@code secret}. */
    public static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available", e);
        }
    }

    /** The expiry of a REST username, or -1 when it is not of the {@code <digits>:<userid>} form. */
    public static long expiryOf(String username) {
        int colon = username.indexOf(':');
        if (colon <= 0 || colon > 19) {
            return -1;
        }
        for (int i = 0; i < colon; i++) {
            if (!Character.isDigit(username.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(username.substring(0, colon));
    }

    @Override
    public String toString() {
        return "TurnRestCredentials[" + username + "]";
    }
}
