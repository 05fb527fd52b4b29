package io.switchboard.routing.port;

/** Why an external function call gave no usable reply; the message goes to the flow log. */
public final class ExternalFunctionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExternalFunctionException(String message) {
        super(message);
    }

    public ExternalFunctionException(String message, Throwable cause) {
        super(message, cause);
    }
}
