package io.switchboard.sip.session;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.TransportKind;
import io.switchboard.sip.trunk.DigestAlgorithm;
import io.switchboard.sip.trunk.DigestServer;
import io.switchboard.sip.trunk.NonceService;
import io.switchboard.sip.trunk.UserBans;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar of agents' SIP phones (RFC 3261 section 10.3): a phone registers {@code sip:<username>@<us>}
 * after a digest challenge as that same user (one user cannot register another's address), and its bindings
 * live until they expire or are removed (Expires 0, or {@code Contact: *}). Expiries below a minute get 423
 * with Min-Expires, above a day are shortened. Failed authentications are security events and offences of the
 * source, as for trunks. Core loop only; {@link #snapshot()} is published for other threads.
 */
final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    static final int MIN_EXPIRES = 60;
    static final int MAX_EXPIRES = 86_400;
    static final int DEFAULT_EXPIRES = 3_600;
    private static final long NONCE_LIFETIME_MILLIS = 300_000;
    private static final Pattern USER = Pattern.compile("^sips?:([^@;>]+)@", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXPIRES_PARAM = Pattern.compile(";\\s*expires\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

    /**
     * One contact of an address of record, with the request that last refreshed it (section 10.3 step 7), and the
     * TCP/TLS connection it came on (null over UDP): a phone behind NAT, or one that only dials out over TLS, can
     * be reached only through the connection it opened (RFC 5923 section 1, RFC 5626 section 5.3).
     */
    private record Binding(String contact, long expiresAtMillis, String callId, long cseq, SipFlow flow,
                           InetAddress source) {
    }

    private final SessionLayer session;
    private final SessionCounters counters;
    private final LongSupplier clockMillis;
    private Map<String, DigestSecret> users = Map.of();
    private DigestServer digest;
    private SecurityLog security;
    private Consumer<InetAddress> failureListener = ip -> { };
    private UserBans userBans = UserBans.none();
    /** Username to contact URI to binding. */
    private final Map<String, Map<String, Binding>> bindings = new HashMap<>();
    private volatile Map<String, List<Binding>> published = Map.of();
    /** Address a live binding's REGISTER came from, to the latest expiry among them; for any thread. */
    private volatile Map<InetAddress, Long> publishedSources = Map.of();

    Registrar(SessionLayer session, SessionCounters counters, LongSupplier clockMillis, SecurityLog security) {
        this.session = session;
        this.counters = counters;
        this.clockMillis = clockMillis;
        this.security = security;
    }

    void reportSecurityTo(SecurityLog log) {
        this.security = log;
    }

    void banUsersWith(UserBans bans) {
        this.userBans = bans;
    }

    void onFailure(Consumer<InetAddress> listener) {
        this.failureListener = listener;
    }

    /**
     * The phones' users (username to HA1), all of one realm; replaces the previous ones, and drops the bindings
     * of users no longer there.
     */
    void setUsers(Map<String, DigestSecret> next, List<String> algorithms) {
        List<String> realms = next.values().stream().map(DigestSecret::realm).distinct().toList();
        if (realms.size() > 1) {
            throw new IllegalArgumentException("SIP phone users of several realms " + realms);
        }
        List<DigestAlgorithm> offered = algorithms.stream()
                .filter(a -> next.values().stream().allMatch(u -> u.ha1(a) != null))
                .map(DigestAlgorithm::fromWireName).toList();
        if (!next.isEmpty() && offered.isEmpty()) {
            throw new IllegalArgumentException("no digest algorithm of " + algorithms + " has an HA1 for every phone");
        }
        this.users = Map.copyOf(next);
        this.digest = next.isEmpty() ? null
                : new DigestServer(realms.get(0), new NonceService(clockMillis, NONCE_LIFETIME_MILLIS), offered);
        bindings.keySet().retainAll(users.keySet());
        publish();
    }

    boolean serves() {
        return digest != null;
    }

    void onRegister(ServerTransaction tx, SipMessage register) {
        String aor = userOf(register.toUri());
        String authorization = register.header("Authorization");
        if (authorization == null) {
            challenge(tx, register, false);
            return;
        }
        DigestServer.Verdict verdict = digest.verify(authorization, "REGISTER", register.requestUri(), users::get);
        switch (verdict.outcome()) {
            case OK -> {
                if (!verdict.username().equals(aor)) {
                    refuse(tx, register, verdict.username(), "user " + verdict.username() + " may not register "
                            + register.toUri());
                    return;
                }
                if (userBans.refusesSuccess(aor)) {
                    refuse(tx, register, aor, "user banned");
                    return;
                }
                update(tx, register, aor);
            }
            case STALE -> challenge(tx, register, true);
            case REPLAYED -> {
                security.request(SecurityEvent.Type.AUTH_REPLAYED, register, tx.flow(), verdict.username(),
                        "nonce-count already used");
                challenge(tx, register, true);
            }
            default -> {
                if (verdict.username() != null && !DigestServer.UNKNOWN_USER.equals(verdict.reason())) {
                    userBans.failed(verdict.username(), register, tx.flow());
                }
                refuse(tx, register, verdict.username(), verdict.reason());
            }
        }
    }

    private void refuse(ServerTransaction tx, SipMessage register, String user, String reason) {
        counters.authFailures++;
        failureListener.accept(tx.flow().remote().getAddress());
        LOG.info("REGISTER from {}: refused for user {}: {}", tx.flow().remote(), user, reason);
        security.request(DigestServer.UNKNOWN_USER.equals(reason) ? SecurityEvent.Type.UNKNOWN_USER
                : SecurityEvent.Type.AUTH_FAILED, register, tx.flow(), user, reason);
        session.respond(tx, register.createResponse(403, "Forbidden"));
    }

    private void challenge(ServerTransaction tx, SipMessage register, boolean stale) {
        SipMessage r = register.createResponse(401, "Unauthorized");
        for (String c : digest.challenges(stale)) {
            r.addHeader("WWW-Authenticate", c);
        }
        counters.challenges++;
        session.respond(tx, r);
    }

    /** Section 10.3 steps 6 to 8: the contacts of the request change the bindings of {@code aor}. */
    private void update(ServerTransaction tx, SipMessage register, String aor) {
        long now = clockMillis.getAsLong();
        Map<String, Binding> current = bindings.computeIfAbsent(aor, k -> new LinkedHashMap<>());
        expire(current, now);
        List<String> contacts = register.headers("Contact");
        Integer headerExpires = parseExpires(register.header("Expires"));
        if (contacts.stream().anyMatch(c -> c.trim().equals("*"))) {
            if (contacts.size() != 1 || headerExpires == null || headerExpires != 0) {
                session.respond(tx, register.createResponse(400, "Bad Request: Contact * needs Expires 0 alone"));
                return;
            }
            current.clear();
        } else {
            Map<String, Integer> wanted = new LinkedHashMap<>();
            for (String c : contacts) {
                Matcher m = EXPIRES_PARAM.matcher(c.substring(Math.max(0, c.indexOf('>'))));
                int expires = m.find() ? Integer.parseInt(m.group(1))
                        : headerExpires != null ? headerExpires : DEFAULT_EXPIRES;
                if (expires > 0 && expires < MIN_EXPIRES) {
                    SipMessage brief = register.createResponse(423, "Interval Too Brief");
                    brief.setHeader("Min-Expires", Integer.toString(MIN_EXPIRES));
                    session.respond(tx, brief);
                    return;
                }
                wanted.put(uriOf(c), Math.min(expires, MAX_EXPIRES));
            }
            for (String uri : wanted.keySet()) {
                Binding old = current.get(uri);
                if (old != null && old.callId().equals(register.callId()) && register.cseq() <= old.cseq()) {
                    session.respond(tx, register.createResponse(500, "Server Internal Error: CSeq out of order"));
                    return;
                }
            }
            wanted.forEach((uri, expires) -> {
                if (expires == 0) {
                    current.remove(uri);
                } else {
                    current.put(uri, new Binding(uri, now + expires * 1000L, register.callId(), register.cseq(),
                            tx.flow().kind() == TransportKind.UDP ? null : tx.flow(),
                            tx.flow().remote().getAddress()));
                }
            });
        }
        SipMessage ok = register.createResponse(200, "OK");
        for (Binding b : current.values()) {
            ok.addHeader("Contact", "<" + b.contact() + ">;expires=" + Math.max(0, (b.expiresAtMillis() - now) / 1000));
        }
        if (current.isEmpty()) {
            bindings.remove(aor);
        }
        publish();
        LOG.debug("REGISTER {} from {}: {} binding(s)", aor, tx.flow().remote(), current.size());
        session.respond(tx, ok);
    }

    /** Core loop: the contacts {@code username} has registered now, oldest first (expired ones left out). */
    List<String> contactsOf(String username) {
        long now = clockMillis.getAsLong();
        Map<String, Binding> current = bindings.get(username);
        return current == null ? List.of() : current.values().stream().filter(b -> b.expiresAtMillis() > now)
                .map(Binding::contact).toList();
    }

    /** Core loop: the open connection {@code contact} of {@code username} registered over, or null. */
    SipFlow flowOf(String username, String contact) {
        Map<String, Binding> current = bindings.get(username);
        Binding b = current == null ? null : current.get(contact);
        return b != null && b.flow() != null && b.flow().isOpen() ? b.flow() : null;
    }

    /** Core loop: whether a live binding came over {@code flow}, which must then stay open. */
    boolean usesFlow(SipFlow flow) {
        long now = clockMillis.getAsLong();
        for (Map<String, Binding> contacts : bindings.values()) {
            for (Binding b : contacts.values()) {
                if (b.flow() == flow && b.expiresAtMillis() > now) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a phone registered from {@code source} and that binding has not expired; for any thread, and
     * allocates nothing (the map is immutable, its keys compared without copies).
     */
    boolean registeredFrom(InetAddress source) {
        Long until = publishedSources.get(source);
        return until != null && until > clockMillis.getAsLong();
    }

    /** Contacts registered now, by username (expired ones left out), for any thread. */
    Map<String, List<String>> snapshot() {
        long now = clockMillis.getAsLong();
        Map<String, List<String>> out = new TreeMap<>();
        published.forEach((user, list) -> {
            List<String> live = list.stream().filter(b -> b.expiresAtMillis() > now).map(Binding::contact).toList();
            if (!live.isEmpty()) {
                out.put(user, live);
            }
        });
        return Map.copyOf(out);
    }

    private void publish() {
        Map<String, List<Binding>> m = new HashMap<>();
        Map<InetAddress, Long> sources = new HashMap<>();
        bindings.forEach((user, byContact) -> {
            m.put(user, List.copyOf(byContact.values()));
            byContact.values().forEach(b -> sources.merge(b.source(), b.expiresAtMillis(), Math::max));
        });
        published = Map.copyOf(m);
        publishedSources = Map.copyOf(sources);
    }

    private static void expire(Map<String, Binding> current, long now) {
        Iterator<Binding> it = current.values().iterator();
        while (it.hasNext()) {
            if (it.next().expiresAtMillis() <= now) {
                it.remove();
            }
        }
    }

    static String userOf(String uri) {
        Matcher m = USER.matcher(uri.trim());
        return m.find() ? m.group(1) : "";
    }

    /** The URI of a Contact value: inside the angle brackets, else up to the first parameter. */
    static String uriOf(String contact) {
        String c = contact.trim();
        int lt = c.indexOf('<');
        if (lt >= 0) {
            int gt = c.indexOf('>', lt);
            return c.substring(lt + 1, gt < 0 ? c.length() : gt).trim();
        }
        int semi = c.indexOf(';');
        return (semi < 0 ? c : c.substring(0, semi)).trim();
    }

    private static Integer parseExpires(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim().toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return DEFAULT_EXPIRES;
        }
    }
}
