package io.switchboard.config.model;

/** An inclusive range of UDP ports written {@code LOW-HIGH}; RTP wants an even start (RTCP is odd). */
public record PortRange(int low, int high) {

    public PortRange {
        if (low < 1024 || high > 65535 || low >= high) {
            throw new IllegalArgumentException("expected LOW-HIGH with 1024 <= LOW < HIGH <= 65535, found " + low + "-" + high);
        }
        if (low % 2 != 0) {
            throw new IllegalArgumentException("the range must start on an even port (RTP even, RTCP odd), found " + low);
        }
    }

    public static PortRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-');
        try {
            if (dash > 0) {
                return new PortRange(Integer.parseInt(t.substring(0, dash).trim()),
                        Integer.parseInt(t.substring(dash + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the common message
        }
        throw new IllegalArgumentException("expected LOW-HIGH, such as 20000-29999, found \"" + text + "\"");
    }

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    public int size() {
        return high - low + 1;
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
