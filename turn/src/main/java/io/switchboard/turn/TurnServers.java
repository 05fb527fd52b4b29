package io.switchboard.turn;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.switchboard.turn.api.TurnServer;
import io.switchboard.turn.api.TurnSettings;
import io.switchboard.turn.server.TurnDispatcher;
import io.switchboard.turn.transport.TurnTransports;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Starts a TURN server: the dispatcher on the TURN loop, its listeners and relay sockets. */
public final class TurnServers {

    private TurnServers() {
    }

    /** Starts a server listening as {@code settings} say; throws with a clear message when it cannot. */
    public static TurnServer start(TurnSettings settings) {
        SslContext tls = null;
        if (settings.tlsEnabled()) {
            try {
                tls = SslContextBuilder.forServer(settings.tlsCertificate().toFile(),
                        settings.tlsPrivateKey().toFile()).sslProvider(SslProvider.JDK).build();
            } catch (Exception e) {
                throw new IllegalStateException("cannot load the TURNS certificate " + settings.tlsCertificate()
                        + " and key " + settings.tlsPrivateKey() + ": " + e.getMessage(), e);
            }
        }
        TurnTransports transports = new TurnTransports(new InetSocketAddress(settings.bindAddress(), 0));
        try {
            TurnDispatcher dispatcher = transports.loop().submit(
                    () -> new TurnDispatcher(settings, transports, System::currentTimeMillis)).get();
            transports.listen(dispatcher, settings.port(), settings.tlsPort(), tls);
            return new Running(transports, dispatcher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transports.close();
            throw new IllegalStateException("interrupted while starting TURN", e);
        } catch (ExecutionException | RuntimeException e) {
            transports.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private record Running(TurnTransports transports, TurnDispatcher dispatcher) implements TurnServer {
        @Override
        public InetSocketAddress udpAddress() {
            return transports.udpAddress();
        }

        @Override
        public InetSocketAddress tcpAddress() {
            return transports.tcpAddress();
        }

        @Override
        public InetSocketAddress tlsAddress() {
            return transports.tlsAddress();
        }

        @Override
        public Map<String, Long> metrics() {
            return dispatcher.counters().snapshot();
        }

        @Override
        public void close() {
            transports.close();
        }
    }
}
