package io.switchboard.sip.locate;

/** An RFC 2782 SRV record: where a service runs, with its priority and weight among the others. */
public record SrvRecord(int priority, int weight, int port, String target) {

    /** RFC 2782: a lone target of "." says the service is decidedly not available at this domain. */
    public boolean notAvailable() {
        return target.isEmpty() || target.equals(".");
    }
}
