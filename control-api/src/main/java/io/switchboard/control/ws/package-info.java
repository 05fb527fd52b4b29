/**
 * WebSocket endpoints on path templates (RFC 6455, on Netty's {@code WebSocketServerProtocolHandler}): the
 * upgrade passes an origin check and the session check first, then text messages reach a plain-Java
 * {@link io.switchboard.control.ws.WebSocketEndpoint} and the server pushes through a {@link
 * io.switchboard.control.ws.WebSocketSession} from any thread. Frames are bounded, idle peers are pinged,
 * and a session's sockets close when the session ends.
 */
package io.switchboard.control.ws;
