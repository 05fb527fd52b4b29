package io.switchboard.sip.trunk;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network in CIDR notation ("203.0.113.0/24"); a bare address means a single host. */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;
    /** For IPv4: the network and its mask as big-endian ints, so a match reads the address without copying it. */
    private final int network4;
    private final int mask4;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
        this.mask4 = prefix == 0 ? 0 : -1 << (32 - Math.min(prefix, 32));
        this.network4 = network.length == 4 ? ((network[0] & 0xFF) << 24 | (network[1] & 0xFF) << 16
                | (network[2] & 0xFF) << 8 | (network[3] & 0xFF)) : 0;
    }

    /** Parses literal addresses only (no DNS), so a typo fails at startup rather than resolving. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        if (address.isEmpty() || !(address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + text, e);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix length out of range in " + text);
            }
        }
        return new Cidr(mask(bytes, prefix), prefix, s);
    }

    /** Allocates nothing for an IPv4 address (it is asked for every refused message); an IPv6 one is copied once. */
    public boolean contains(InetAddress address) {
        if (address instanceof Inet4Address) {
            // Inet4Address.hashCode() is the address itself (big-endian), the one accessor that does not copy it
            return network.length == 4 && (address.hashCode() & mask4) == network4;
        }
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int i = 0; i < candidate.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            if ((candidate[i] & (0xFF << (8 - keep)) & 0xFF) != (network[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
