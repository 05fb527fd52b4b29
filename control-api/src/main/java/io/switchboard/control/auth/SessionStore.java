package io.switchboard.control.auth;

import io.switchboard.config.model.PasswordHash;
import io.switchboard.config.model.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live sessions, in memory. A session ends on logout, after the idle timeout without a request, when
 * its user leaves the instance or gets a new password, or when its user opens more than {@link
 * #MAX_PER_USER} (the least recently used goes). Ending tells the listeners once (the WebSocket registry
 * closes that session's sockets).
 *
 * <p>Thread-safe without locks: the map is concurrent, an entry's session and password hash never
 * change, and its last-use time is a volatile that the latest request wins. Time comes from the injected
 * clock, so tests run on a virtual one.
 */
public final class SessionStore {
    /** Sessions one user may hold at once: a few browsers and devices, not a login loop's thousands. */
    public static final int MAX_PER_USER = 16;

    private static final class Entry {
        final Session session;
        /** The hash the user logged in against: a changed password ends the session. */
        final PasswordHash credential;
        volatile Instant lastUsed;

        Entry(Session session, PasswordHash credential, Instant lastUsed) {
            this.session = session;
            this.credential = credential;
            this.lastUsed = lastUsed;
        }
    }

    /** A new session and the token that unlocks it; the token is shown to the client once and not kept. */
    public record Issued(String token, Session session) {
        @Override
        public String toString() {
            return "Issued[" + session + "]";
        }
    }

    private final UserDirectory users;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Map<String, Entry> byKey = new ConcurrentHashMap<>();
    private final List<Consumer<Session>> endListeners = new CopyOnWriteArrayList<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    public SessionStore(UserDirectory users, Clock clock, Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the session idle timeout must be positive");
        }
        this.users = users;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Tells {@code listener} about every session that ends, on the thread that ended it. */
    public void onEnd(Consumer<Session> listener) {
        endListeners.add(listener);
    }

    /** Tells {@code listener} about every session created and ended (with why), on the thread that did it. */
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** Opens a session for {@code user}, who has just proved their password. */
    public Issued create(User user) {
        Instant now = clock.instant();
        String token = SessionTokens.newToken();
        String key = SessionTokens.key(token).orElseThrow();
        Session session = new Session(key, user.username(), now);
        byKey.put(key, new Entry(session, user.passwordHash(), now));
        for (SessionListener listener : listeners) {
            listener.created(session);
        }
        List<Entry> own = byKey.values().stream()
                .filter(e -> e.session.username().equals(user.username()))
                .sorted(Comparator.comparing((Entry e) -> e.lastUsed))
                .toList();
        for (int i = 0; i < own.size() - MAX_PER_USER; i++) {
            end(own.get(i), SessionListener.End.REPLACED);
        }
        return new Issued(token, session);
    }

    /**
     * The caller a token stands for, counting this as a use; empty when the token is unknown, the session
     * idled out, or its user is gone or has another password now (those sessions end here).
     */
    public Optional<Caller> resolve(String token) {
        Optional<String> key = SessionTokens.key(token);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Entry entry = byKey.get(key.get());
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<User> user = current(entry);
        if (expired(entry, now) || user.isEmpty()) {
            end(entry, user.isEmpty() ? SessionListener.End.USER_CHANGED : SessionListener.End.IDLE);
            return Optional.empty();
        }
        entry.lastUsed = now;
        return Optional.of(new Caller(entry.session, user.get()));
    }

    /** Counts activity on a session that is not a request (a WebSocket message), keeping it from idling out. */
    public void touch(Session session) {
        Entry entry = byKey.get(session.key());
        if (entry != null && !expired(entry, clock.instant())) {
            entry.lastUsed = clock.instant();
        }
    }

    /** True while {@code session} has not ended (without counting as a use). */
    public boolean isActive(Session session) {
        Entry entry = byKey.get(session.key());
        return entry != null && !expired(entry, clock.instant());
    }

    /** Ends {@code session} (logout); false when it had already ended. */
    public boolean end(Session session) {
        Entry entry = byKey.get(session.key());
        return entry != null && end(entry, SessionListener.End.LOGOUT);
    }

    /** Ends the sessions that idled out; returns how many. Run periodically so that memory stays bounded. */
    public int sweep() {
        Instant now = clock.instant();
        int ended = 0;
        for (Entry entry : byKey.values()) {
            if (expired(entry, now) && end(entry, SessionListener.End.IDLE)) {
                ended++;
            }
        }
        return ended;
    }

    /**
     * Ends the sessions whose user is no longer in the directory or has a new password; call after the
     * instance is reloaded so that their WebSockets close at once. Returns how many ended.
     */
    public int usersChanged() {
        int ended = 0;
        for (Entry entry : byKey.values()) {
            if (current(entry).isEmpty() && end(entry, SessionListener.End.USER_CHANGED)) {
                ended++;
            }
        }
        return ended;
    }

    /** The number of live sessions (some may have idled out since the last sweep). */
    public int size() {
        return byKey.size();
    }

    private Optional<User> current(Entry entry) {
        return users.find(entry.session.username()).filter(u -> u.passwordHash().equals(entry.credential));
    }

    private boolean expired(Entry entry, Instant now) {
        return !now.isBefore(entry.lastUsed.plus(idleTimeout));
    }

    private boolean end(Entry entry, SessionListener.End why) {
        if (!byKey.remove(entry.session.key(), entry)) {
            return false;
        }
        for (Consumer<Session> listener : endListeners) {
            listener.accept(entry.session);
        }
        for (SessionListener listener : listeners) {
            listener.ended(entry.session, why);
        }
        return true;
    }
}
