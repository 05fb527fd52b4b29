package io.switchboard.turn.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the TURN server needs, read once at start. Ports 0 pick free ones (tests).
 *
 * @param bindAddress       where the listeners and relay sockets bind ({@code 0.0.0.0} for all)
 * @param relayAddress      the address written into XOR-RELAYED-ADDRESS (the public address)
 * @param port              TURN over UDP and TCP (3478)
 * @param tlsPort           TURN over TLS (5349); served only with TLS material
 * @param tlsCertificate    PEM certificate chain, or null
 * @param tlsPrivateKey     PEM private key, or null
 * @param realm             the long-term credential realm
 * @param restSecret        the TURN REST shared secret ({@code use-auth-secret}), or null for none
 * @param staticUsers       username to password, or to {@code key:<32 hex digits>}
 * @param relayPortLow      lowest relay port
 * @param relayPortHigh     highest relay port
 * @param allowedPeers      CIDR blocks peers may be on even when the filter refuses their class; the media
 *                          relay's advertised address belongs here
 * @param ownAddresses      this server's addresses, whose own ports are never peers
 * @param ownPorts          this server's listening ports (SIP, HTTP, TURN), never peers on its addresses
 * @param maxAllocationsPerUser quota per username (486 past it)
 * @param maxAllocations    quota in total
 * @param bandwidthBytesPerSecond cap per allocation and direction, 0 for none
 * @param nonceSeconds      how long a nonce stays valid before it is stale (438)
 * @param unauthenticatedPerSecond replies per second to one source address before authentication
 */
public record TurnSettings(String bindAddress, String relayAddress, int port, int tlsPort, Path tlsCertificate,
                           Path tlsPrivateKey, String realm, String restSecret, Map<String, String> staticUsers,
                           int relayPortLow, int relayPortHigh, List<String> allowedPeers, List<String> ownAddresses,
                           List<Integer> ownPorts, int maxAllocationsPerUser, int maxAllocations,
                           long bandwidthBytesPerSecond, int nonceSeconds, int unauthenticatedPerSecond) {

    public static final String SOFTWARE = "Switchboard TURN";

    public TurnSettings {
        staticUsers = Map.copyOf(staticUsers);
        allowedPeers = List.copyOf(allowedPeers);
        ownAddresses = List.copyOf(ownAddresses);
        ownPorts = List.copyOf(ownPorts);
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TURNS needs both a certificate and a private key");
        }
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }

    /** Never prints the secret or passwords. */
    @Override
    public String toString() {
        return "TurnSettings[bind=" + bindAddress + ", relay=" + relayAddress + ", port=" + port
                + (tlsEnabled() ? ", tls=" + tlsPort : "") + ", realm=" + realm + ", relayPorts=" + relayPortLow
                + "-" + relayPortHigh + ", allowed=" + allowedPeers + ", users=" + staticUsers.keySet() + "]";
    }
}
