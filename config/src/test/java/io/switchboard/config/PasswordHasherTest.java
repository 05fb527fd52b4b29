package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.PasswordHash;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new SecureRandom(), 4);

    @Test
    void hashVerifiesItsPasswordOnly() {
        PasswordHash hash = hasher.hash("correct horse");
        assertTrue(hash.value().startsWith("$2y$04$"));
        assertEquals(60, hash.value().length());
        assertTrue(PasswordHasher.verify(hash, "correct horse"));
        assertFalse(PasswordHasher.verify(hash, "correct horsE"));
        assertFalse(PasswordHasher.verify(hash, ""));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(hasher.hash("same").value(), hasher.hash("same").value());
    }

    @Test
    void defaultCostHashesVerify() {
        PasswordHash hash = new PasswordHasher().hash("demo-password");
        assertTrue(hash.value().startsWith("$2y$10$"));
        assertTrue(PasswordHasher.verify(hash, "demo-password"));
    }

    @Test
    void hashesFromOtherBcryptToolsVerify() {
        // htpasswd -bnBC 4 "" secret (the $2y$ form); verified against the same password.
        PasswordHash fixture = PasswordHash.parse(TestInstance.HASH);
        assertTrue(PasswordHasher.verify(fixture, "secret"));
    }

    @Test
    void plaintextIsNotAHash() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("demo-password"));
        assertTrue(e.getMessage().contains("hash-password"));
        assertFalse(PasswordHash.isBcrypt("$2y$10$short"));
    }

    @Test
    void hashIsNeverPrinted() {
        PasswordHash hash = hasher.hash("x");
        assertFalse(hash.toString().contains(hash.value()));
    }

    @Test
    void emptyPasswordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(""));
    }
}
