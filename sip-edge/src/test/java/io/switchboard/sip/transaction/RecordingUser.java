package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.SipFlow;
import java.util.ArrayList;
import java.util.List;

/** A transaction user and client listener that records every call it gets. */
final class RecordingUser implements TransactionUser, ClientTransactionListener {
    final List<ServerTransaction> requests = new ArrayList<>();
    final List<SipMessage> acks = new ArrayList<>();
    final List<SipMessage> strays = new ArrayList<>();
    final List<InviteServerTransaction> ackTimeouts = new ArrayList<>();
    final List<SipMessage> responses = new ArrayList<>();
    final List<ClientTransaction> timeouts = new ArrayList<>();

    @Override
    public void onRequest(ServerTransaction transaction, SipMessage request) {
        requests.add(transaction);
    }

    @Override
    public void onAck(SipMessage ack, SipFlow flow) {
        acks.add(ack);
    }

    @Override
    public void onStrayResponse(SipMessage response, SipFlow flow) {
        strays.add(response);
    }

    @Override
    public void onAckTimeout(InviteServerTransaction transaction) {
        ackTimeouts.add(transaction);
    }

    @Override
    public void onResponse(ClientTransaction transaction, SipMessage response) {
        responses.add(response);
    }

    @Override
    public void onTimeout(ClientTransaction transaction) {
        timeouts.add(transaction);
    }
}
