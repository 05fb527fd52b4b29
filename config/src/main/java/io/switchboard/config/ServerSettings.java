package io.switchboard.config;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Range;
import io.switchboard.config.model.Cidr;
import io.switchboard.config.model.PortRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How this server process listens and where it keeps data: addresses, ports, TLS material, TURN
 * realm and secret, the RTP port range, the data and instance directories. Each key is read from
 * {@code server.yaml}, then overridden by its environment variable ({@code SWITCHBOARD_} + the key
 * in upper snake case, e.g. {@code SWITCHBOARD_HTTP_PORT}), then by the launcher's flag. Relative
 * paths are relative to the working directory. Read once at start-up; not hot-reloaded.
 */
public record ServerSettings(
        @Default("0.0.0.0") String bindAddress,
        @Optional String publicAddress,
        @Default("5060") @Range(min = 1, max = 65535) int sipPort,
        @Default("5061") @Range(min = 1, max = 65535) int sipTlsPort,
        @Optional Path tlsCertificate,
        @Optional Path tlsPrivateKey,
        @Default("8080") @Range(min = 1, max = 65535) int httpPort,
        @Default("3478") @Range(min = 1, max = 65535) int turnPort,
        @Default("switchboard") String turnRealm,
        @Default("demo-turn-secret") String turnSecret,
        @Default("5349") @Range(min = 1, max = 65535) int turnsPort,
        @Default("50000-59999") PortRange turnRelayPorts,
        @Optional String turnAllowedPeers,
        @Default("10") @Range(min = 1, max = 100000) int turnMaxAllocationsPerUser,
        @Default("5000") @Range(min = 1, max = 1000000) int turnMaxAllocations,
        @Default("10000") @Range(min = 0, max = 100000000) int turnBandwidthKbps,
        @Default("86400") @Range(min = 60, max = 604800) int turnCredentialTtlSeconds,
        @Default("20000-29999") PortRange rtpPorts,
        @Default("./data") Path dataDir,
        @Optional Path instanceDir,
        @Default("text") LogFormat logFormat,
        @Default("30") @Range(min = 0, max = 3600) int drainTimeoutSeconds,
        @Default("60") @Range(min = 1, max = 86400) int disconnectGraceSeconds,
        @Default("8443") @Range(min = 1, max = 65535) int httpsPort,
        @Default("false") boolean selfSigned,
        @Default("20") @Range(min = 1, max = 600) int agentOfferTimeoutSeconds,
        @Default("60") @Range(min = 0, max = 3600) int agentReconnectWindowSeconds,
        @Default("requeue") AfterReconnectWindow agentAfterReconnectWindow,
        @Default("10") @Range(min = 1, max = 300) int agentPingIntervalSeconds,
        @Default("25") @Range(min = 2, max = 900) int agentPongTimeoutSeconds,
        @Default("300") @Range(min = 0, max = 86400) int sipConnectionIdleTimeoutSeconds,
        @Default("10") @Range(min = 0, max = 3600) int sipFirstRequestTimeoutSeconds,
        @Default("100") @Range(min = 1, max = 1000000) int sipMaxConnectionsPerSource,
        @Default("10000") @Range(min = 1, max = 1000000) int sipMaxConnections,
        @Default("5") @Range(min = 1, max = 100000) int sipAuthFailuresToBan,
        @Default("600") @Range(min = 0, max = 604800) int sipBanSeconds,
        @Default("10") @Range(min = 1, max = 100000) int sipUserAuthFailuresToBan,
        @Default("600") @Range(min = 0, max = 604800) int sipUserBanSeconds,
        @Default("20000") @Range(min = 0, max = 10000000) int sipCoreBacklogToShed,
        @Default("5") @Range(min = 0, max = 3600) int sipShedRetryAfterSeconds,
        @Optional String dnsServers) {

    /**
     * Resolves the settings from the three layers. {@code serverYaml} may be null (no file);
     * {@code env} is the process environment (only {@code SWITCHBOARD_*} variables are read);
     * {@code flags} maps the launcher's flag names without dashes ({@code http-port},
     * {@code rtp-ports}) to their values. Never throws for bad values: they come back as problems.
     */
    public static Result resolve(Path serverYaml, Map<String, String> env, Map<String, String> flags) {
        return SettingsResolver.resolve(serverYaml, env, flags);
    }

    /** The built-in defaults, as with no file, no variables and no flags. */
    public static ServerSettings defaults() {
        return resolve(null, Map.of(), Map.of()).settings();
    }

    /** Lowest port of the RTP range (even). */
    public int rtpPortLow() {
        return rtpPorts.low();
    }

    /** Highest port of the RTP range. */
    public int rtpPortHigh() {
        return rtpPorts.high();
    }

    public Duration drainTimeout() {
        return Duration.ofSeconds(drainTimeoutSeconds);
    }

    /** How long all of an agent's connections may stay closed before the agent is logged out. */
    public Duration agentDisconnectGrace() {
        return Duration.ofSeconds(disconnectGraceSeconds);
    }

    /** SIP over TLS listens only when both a certificate and a private key are given. */
    public boolean tlsEnabled() {
        return tlsCertificate != null && tlsPrivateKey != null;
    }

    /**
     * HTTPS listens when TLS material is configured or a self-signed pair is asked for; with both, the
     * configured material wins.
     */
    public boolean httpsEnabled() {
        return tlsEnabled() || selfSigned;
    }

    /** True when no instance directory is given and the embedded demo instance is served. */
    public boolean demoInstance() {
        return instanceDir == null;
    }

    /**
     * The address to advertise in SDP and TURN responses: the public address, else the bind
     * address. When that is a wildcard ({@link #wildcardBind()}) it names no reachable host, and
     * the caller must pick an interface address itself.
     */
    public String advertisedAddress() {
        return publicAddress != null ? publicAddress : bindAddress;
    }

    /** True when listeners bind every address ({@code 0.0.0.0} or {@code ::}). */
    public boolean wildcardBind() {
        return Cidr.parse(bindAddress).network().isAnyLocalAddress();
    }

    /**
     * The operator's extra TURN peer blocks ({@code turnAllowedPeers}, comma-separated CIDRs), besides the
     * media relay's advertised address, which is always allowed.
     */
    public List<String> turnAllowedPeerBlocks() {
        if (turnAllowedPeers == null || turnAllowedPeers.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(turnAllowedPeers.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .toList();
    }

    /**
     * The name servers trunk destinations given as host names are looked up with ({@code dnsServers},
     * comma-separated "address[:port]"), or empty for the system's (resolv.conf).
     */
    public List<String> dnsServerList() {
        if (dnsServers == null || dnsServers.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(dnsServers.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    /** Never prints the TURN secret. */
    @Override
    public String toString() {
        return "ServerSettings[bind=" + bindAddress + ", public=" + publicAddress + ", sip=" + sipPort
                + (tlsEnabled() ? ", sipTls=" + sipTlsPort : "") + ", http=" + httpPort
                + (httpsEnabled() ? ", https=" + httpsPort + (tlsEnabled() ? "" : " (self-signed)") : "") + ", turn=" + turnPort
                + (tlsEnabled() ? ", turns=" + turnsPort : "") + ", turnRelay=" + turnRelayPorts
                + ", realm=" + turnRealm + ", rtp=" + rtpPorts + ", data=" + dataDir
                + ", instance=" + (instanceDir == null ? "(demo)" : instanceDir) + ", log=" + logFormat
                + ", drain=" + drainTimeoutSeconds + "s, disconnectGrace=" + disconnectGraceSeconds + "s]";
    }

    /** Log line format: human-readable text, or one JSON object per line for log shippers. */
    public enum LogFormat {
        TEXT, JSON
    }

    /** What an inbound softphone contact becomes when its agent's panel did not come back within the window. */
    public enum AfterReconnectWindow {
        /** Back in its queue with its original place; the caller hears the queue flow again. */
        REQUEUE,
        /** Ended as an agent disconnect (the disconnect flow runs, if any). */
        DISCONNECT
    }

    /** The outcome of {@link #resolve}: the settings, or every problem found in the layers. */
    public static final class Result {

        private final ServerSettings settings;
        private final List<ConfigProblem> problems;

        Result(ServerSettings settings, List<ConfigProblem> problems) {
            if (settings == null && problems.isEmpty()) {
                throw new IllegalArgumentException("a result needs settings or problems");
            }
            this.settings = problems.isEmpty() ? settings : null;
            this.problems = List.copyOf(problems);
        }

        public boolean isValid() {
            return problems.isEmpty();
        }

        /** The settings; only for a valid result. */
        public ServerSettings settings() {
            if (settings == null) {
                throw new IllegalStateException("server settings are invalid:\n" + describeProblems());
            }
            return settings;
        }

        /** Every problem, ordered by source and line; empty when valid. */
        public List<ConfigProblem> problems() {
            return problems;
        }

        public String describeProblems() {
            return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
        }

        @Override
        public String toString() {
            return isValid() ? "Result[" + settings + "]" : "Result[" + problems.size() + " problems]";
        }
    }
}
