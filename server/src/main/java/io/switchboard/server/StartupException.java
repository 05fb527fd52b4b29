package io.switchboard.server;

import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * The server cannot start: a port in use, an unusable data directory, an invalid configuration.
 * The message is what the operator reads; it is printed as is, without a stack trace.
 */
public final class StartupException extends Exception {
    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A listener of {@code module} could not bind {@code address}; says so plainly when the port is in use. */
    public static StartupException bindFailure(String module, InetSocketAddress address, Exception e) {
        boolean inUse = false;
        for (Throwable t = e; t != null && !inUse; t = t.getCause() == t ? null : t.getCause()) {
            inUse = t instanceof BindException || String.valueOf(t.getMessage()).toLowerCase().contains("already in use");
        }
        String why = inUse ? "address already in use" : e.toString();
        String where = address.getAddress().getHostAddress() + ":" + address.getPort();
        return new StartupException("cannot listen on " + where + " (" + module + "): " + why, e);
    }
}
