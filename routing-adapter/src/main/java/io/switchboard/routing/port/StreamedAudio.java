package io.switchboard.routing.port;

/**
 * Which audio of a contact a live media stream carries: what the customer says ({@code fromCustomer}, the
 * stream's inbound track) and what the customer hears - prompts, the agent - ({@code toCustomer}, the
 * outbound track).
 */
public record StreamedAudio(boolean fromCustomer, boolean toCustomer) {

    public StreamedAudio {
        if (!fromCustomer && !toCustomer) {
            throw new IllegalArgumentException("a stream carries audio from the customer, to the customer or both");
        }
    }
}
