package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.TransportKind;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserBansTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<SecurityEvent> events = new ArrayList<>();
    private final UserBans bans = new UserBans(new UserBans.Policy(3, 60_000), now::get,
            new SecurityLog(now::get, events::add));
    private static final SipMessage REGISTER = SipMessages.parseTrusted(
            "REGISTER sip:edge SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKx\r\n"
                    + "From: <sip:alice@edge>;tag=1\r\nTo: <sip:alice@edge>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n"
                    + "Content-Length: 0\r\n\r\n");

    private static SipFlow from(String ip) {
        return new SipFlow() {
            @Override
            public TransportKind kind() {
                return TransportKind.UDP;
            }

            @Override
            public InetSocketAddress remote() {
                return new InetSocketAddress(ip, 5060);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void send(byte[] encoded) {
            }
        };
    }

    @Test
    void failuresFromDifferentAddressesAddUpToABan() {
        bans.failed("alice", REGISTER, from("198.51.100.1"));
        bans.failed("alice", REGISTER, from("198.51.100.2"));
        assertFalse(bans.banned("alice"));
        bans.failed("alice", REGISTER, from("198.51.100.3"));
        assertTrue(bans.banned("alice"));
        assertFalse(bans.banned("bob"));
        assertEquals(1L, bans.snapshot().get("guard_user_bans_total"));
        SecurityEvent ban = events.get(events.size() - 1);
        assertEquals(SecurityEvent.Type.USER_BANNED, ban.type());
        assertEquals("alice", ban.user());
        assertEquals("198.51.100.3", ban.source());
    }

    @Test
    void aBannedUsersRightCredentialsAreRefusedUntilTheBanIsLifted() {
        for (int i = 0; i < 3; i++) {
            bans.failed("alice", REGISTER, from("198.51.100.1"));
        }
        now.addAndGet(59_999);
        assertTrue(bans.refusesSuccess("alice"));
        now.addAndGet(1);
        assertFalse(bans.refusesSuccess("alice"), "lifted after 60 s");
        assertFalse(bans.banned("alice"));
        assertEquals(1L, bans.snapshot().get("guard_banned_user_refused_total"));
    }

    @Test
    void failuresDuringABanNeitherCountNorLengthenIt() {
        for (int i = 0; i < 3; i++) {
            bans.failed("alice", REGISTER, from("198.51.100.1"));
        }
        now.addAndGet(30_000);
        for (int i = 0; i < 10; i++) {
            bans.failed("alice", REGISTER, from("198.51.100.1"));
        }
        now.addAndGet(30_000);
        assertFalse(bans.banned("alice"));
        assertEquals(1L, bans.snapshot().get("guard_user_bans_total"));
        bans.failed("alice", REGISTER, from("198.51.100.1"));
        assertFalse(bans.banned("alice"), "the count started again with the ban");
    }

    @Test
    void aSuccessOutsideABanForgetsTheFailuresBeforeIt() {
        bans.failed("alice", REGISTER, from("198.51.100.1"));
        bans.failed("alice", REGISTER, from("198.51.100.1"));
        assertFalse(bans.refusesSuccess("alice"));
        bans.failed("alice", REGISTER, from("198.51.100.1"));
        bans.failed("alice", REGISTER, from("198.51.100.1"));
        assertFalse(bans.banned("alice"));
    }
}
