/**
 * Who is calling: {@code POST /api/login} against the instance's users (bcrypt, rate-limited), sessions with
 * an idle timeout held in memory, and the guard every other {@code /api} route and WebSocket upgrade passes
 * (the session cookie or {@code Authorization: Bearer}). The users come through {@link
 * io.switchboard.control.auth.UserDirectory}, so this package never reads another module's internals.
 */
package io.switchboard.control.auth;
