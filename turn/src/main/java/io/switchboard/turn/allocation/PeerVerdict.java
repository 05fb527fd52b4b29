package io.switchboard.turn.allocation;

/** What the peer address filter says of a peer; every verdict but {@link #ALLOWED} is a 403. */
public enum PeerVerdict {
    ALLOWED,
    /** 127.0.0.0/8, ::1 */
    LOOPBACK,
    /** 0.0.0.0/8, :: */
    UNSPECIFIED,
    /** ::ffff:0:0/96: an IPv4 address in IPv6 clothing, refused whatever it hides. */
    IPV4_MAPPED,
    /** 10/8, 172.16/12, 192.168/16, fc00::/7 */
    PRIVATE,
    /** 100.64.0.0/10 (RFC 6598 shared address space) */
    CGNAT,
    /** 169.254.169.254, fd00:ec2::254: cloud metadata services. */
    METADATA,
    /** 169.254.0.0/16, fe80::/10 */
    LINK_LOCAL,
    /** 224.0.0.0/4, ff00::/8 */
    MULTICAST,
    /** 240.0.0.0/4 and the broadcast address. */
    RESERVED,
    /** One of this server's own listening ports (SIP, HTTP, TURN) on one of its addresses. */
    OWN_PORT;

    /** The label value in metrics: {@code loopback}, {@code own_port}, ... */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
