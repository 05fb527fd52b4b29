/**
 * The TURN server's logic, one handler per method (RFC 8656), each numbering the RFC's steps: Binding
 * (RFC 8489), Allocate, Refresh, CreatePermission, ChannelBind, Send indications, Data indications out and
 * ChannelData both ways. {@link io.switchboard.turn.server.TurnDispatcher} is the entry from the transports;
 * everything here runs on the one TURN loop and never blocks.
 */
package io.switchboard.turn.server;
