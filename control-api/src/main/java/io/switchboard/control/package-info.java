/**
 * The transport of Switchboard's control surface: HTTP with path templates, static pages, JSON bodies,
 * WebSocket endpoints and session authentication against the instance's users. The meaning of the
 * commands, views and events it carries lives elsewhere (the routing adapter), in plain Java.
 *
 * <p>Packages: {@code http} (the Netty HTTP/1.1 server, routes, our request and response types, static
 * files), {@code ws} (WebSocket endpoints), {@code auth} (login, sessions, the {@code /api} guard),
 * {@code json} (the one Jackson configuration). {@link io.switchboard.control.ControlApi} wires them.
 * Netty and Jackson types stay inside these packages: routes and endpoints see only our own types.
 */
package io.switchboard.control;
