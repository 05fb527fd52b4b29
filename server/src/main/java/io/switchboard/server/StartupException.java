package io.switchboard.server;

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
}
