package io.switchboard.control.json;

/** A request body that is not the JSON the route expects; the message is meant for the client. */
public final class JsonBodyException extends Exception {
    public JsonBodyException(String message) {
        super(message);
    }

    public JsonBodyException(String message, Throwable cause) {
        super(message, cause);
    }
}
