package io.switchboard.control.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.control.TestClock;
import io.switchboard.control.TestUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sessions on a virtual clock: idle expiry, touch, logout, reload of users, the per-user cap. */
class SessionStoreTest {
    private final TestClock clock = new TestClock();
    private final TestUsers users = new TestUsers().add("alice", "pw-alice").add("bob", "pw-bob");
    private final SessionStore store = new SessionStore(users, clock, Duration.ofHours(8));
    private final List<Session> ended = new ArrayList<>();

    SessionStoreTest() {
        store.onEnd(ended::add);
    }

    private SessionStore.Issued login(String username) {
        return store.create(users.find(username).orElseThrow());
    }

    @Test
    void aTokenResolvesToItsCaller() {
        SessionStore.Issued issued = login("alice");
        assertTrue(issued.token().matches("[A-Za-z0-9_-]{43}"), "256 random bits in base64url");
        Caller caller = store.resolve(issued.token()).orElseThrow();
        assertEquals("alice", caller.username());
        assertEquals(issued.session(), caller.session());
        assertFalse(caller.session().toString().contains(issued.token()));
        assertNotEquals(issued.token(), login("alice").token());
    }

    @Test
    void unknownAndMalformedTokensResolveToNobody() {
        login("alice");
        assertTrue(store.resolve("A".repeat(43)).isEmpty());
        assertTrue(store.resolve("short").isEmpty());
        assertTrue(store.resolve("").isEmpty());
        assertTrue(store.resolve(null).isEmpty());
    }

    @Test
    void aSessionIdlesOutUnlessUsed() {
        SessionStore.Issued issued = login("alice");
        clock.advance(Duration.ofHours(7));
        assertTrue(store.resolve(issued.token()).isPresent(), "used within the idle timeout");
        clock.advance(Duration.ofHours(7));
        assertTrue(store.resolve(issued.token()).isPresent(), "the last use restarted the timeout");
        clock.advance(Duration.ofHours(8));
        assertTrue(store.resolve(issued.token()).isEmpty());
        assertEquals(List.of(issued.session()), ended);
        assertEquals(0, store.size());
    }

    @Test
    void touchKeepsASessionAlive() {
        SessionStore.Issued issued = login("alice");
        clock.advance(Duration.ofHours(6));
        store.touch(issued.session());
        clock.advance(Duration.ofHours(6));
        assertTrue(store.isActive(issued.session()));
        clock.advance(Duration.ofHours(2));
        assertFalse(store.isActive(issued.session()));
    }

    @Test
    void sweepEndsIdleSessionsOnly() {
        SessionStore.Issued old = login("alice");
        clock.advance(Duration.ofHours(5));
        SessionStore.Issued fresh = login("bob");
        clock.advance(Duration.ofHours(4));
        assertEquals(1, store.sweep());
        assertEquals(List.of(old.session()), ended);
        assertTrue(store.resolve(fresh.token()).isPresent());
    }

    @Test
    void logoutEndsOnce() {
        SessionStore.Issued issued = login("alice");
        assertTrue(store.end(issued.session()));
        assertFalse(store.end(issued.session()));
        assertTrue(store.resolve(issued.token()).isEmpty());
        assertEquals(1, ended.size());
    }

    @Test
    void aRemovedUserLosesTheirSessions() {
        SessionStore.Issued alice = login("alice");
        SessionStore.Issued bob = login("bob");
        users.remove("alice");
        assertEquals(1, store.usersChanged());
        assertEquals(List.of(alice.session()), ended);
        assertTrue(store.resolve(bob.token()).isPresent());
    }

    @Test
    void aNewPasswordEndsTheOldSessions() {
        SessionStore.Issued before = login("alice");
        users.add("alice", "a-new-password");
        assertTrue(store.resolve(before.token()).isEmpty(), "checked at use even before a reload sweep");
        assertEquals(List.of(before.session()), ended);
    }

    @Test
    void aUserHoldsAtMostSoManySessionsAndTheLeastRecentlyUsedGoes() {
        List<SessionStore.Issued> issued = new ArrayList<>();
        for (int i = 0; i < SessionStore.MAX_PER_USER; i++) {
            issued.add(login("alice"));
            clock.advance(Duration.ofSeconds(1));
        }
        store.resolve(issued.get(0).token());
        clock.advance(Duration.ofSeconds(1));
        login("alice");
        assertEquals(SessionStore.MAX_PER_USER, store.size());
        assertEquals(List.of(issued.get(1).session()), ended);
        assertTrue(store.resolve(issued.get(0).token()).isPresent());
    }

    @Test
    void listenersHearEverySessionCreatedAndWhyItEnded() {
        List<String> heard = new ArrayList<>();
        store.addListener(new SessionListener() {
            @Override
            public void created(Session session) {
                heard.add("created " + session.username());
            }

            @Override
            public void ended(Session session, End why) {
                heard.add("ended " + session.username() + " " + why);
            }
        });
        SessionStore.Issued alice = login("alice");
        store.end(alice.session());
        login("bob");
        users.remove("bob");
        store.usersChanged();
        SessionStore.Issued idle = login("alice");
        clock.advance(Duration.ofHours(8));
        store.sweep();
        assertTrue(store.resolve(idle.token()).isEmpty());
        assertEquals(List.of("created alice", "ended alice LOGOUT", "created bob", "ended bob USER_CHANGED",
                "created alice", "ended alice IDLE"), heard);
    }
}
