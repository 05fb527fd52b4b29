package io.switchboard.server;

/** A bad command line: reported in one line with exit status 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
