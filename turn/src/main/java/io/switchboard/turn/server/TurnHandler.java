package io.switchboard.turn.server;

/** Handles one authenticated request of one method. */
interface TurnHandler {
    void handle(Exchange exchange);
}
