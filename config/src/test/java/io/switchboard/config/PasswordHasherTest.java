package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.PasswordHash;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static PasswordHash hash(String password) {
        return PasswordHash.parse(PasswordHasher.hash(password.toCharArray(), 4));
    }

    @Test
    void hashVerifiesItsPasswordOnly() {
        PasswordHash hash = hash("correct horse");
        assertTrue(hash.value().startsWith("$2y$04$"));
        assertEquals(60, hash.value().length());
        assertTrue(PasswordHasher.verify(hash, "correct horse"));
        assertFalse(PasswordHasher.verify(hash, "correct horsE"));
        assertFalse(PasswordHasher.verify(hash, ""));
    }

    @Test
    void eachHashHasItsOwnSalt() {
        assertNotEquals(hash("same").value(), hash("same").value());
    }

    @Test
    void defaultCostHashesVerify() {
        PasswordHash hash = PasswordHash.parse(PasswordHasher.hash("demo-password".toCharArray()));
        assertTrue(hash.value().startsWith("$2y$10$"));
        assertTrue(PasswordHasher.verify(hash, "demo-password"));
    }

    @Test
    void aStoredHashVerifies() {
        // A fixed hash made once; verifying it needs nothing but the password.
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
        PasswordHash hash = hash("x");
        assertFalse(hash.toString().contains(hash.value()));
    }

    @Test
    void emptyPasswordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.hash(new char[0]));
        assertThrows(IllegalArgumentException.class, () -> PasswordHasher.hash("x".toCharArray(), 3));
    }
}
