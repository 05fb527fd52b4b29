/**
 * The HTTP/1.1 server of the control API on Netty: keep-alive, bounded requests, routes on path templates,
 * static files from the classpath, JSON bodies. Routes see {@link io.switchboard.control.http.HttpRequest}
 * and answer {@link io.switchboard.control.http.HttpResponse}; the Netty types stay in
 * {@code HttpRequestHandler}, {@code NettyHttp} and {@code HttpServer}.
 */
package io.switchboard.control.http;
