package io.switchboard.config;

import io.switchboard.config.bind.Binder;
import io.switchboard.config.bind.Node;
import io.switchboard.config.bind.Node.Entry;
import io.switchboard.config.bind.Node.MapNode;
import io.switchboard.config.bind.Node.ScalarNode;
import io.switchboard.config.bind.Origin;
import io.switchboard.config.bind.Problems;
import io.switchboard.config.bind.TreeReader;
import io.switchboard.config.model.Cidr;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the settings layers (file, then environment, then flags) into one tree before binding,
 * each value keeping its origin, so a bad value is reported against the layer it came from.
 */
final class SettingsResolver {

    static final String ENV_PREFIX = "SWITCHBOARD_";
    static final String ENVIRONMENT = "environment";
    static final String FLAG = "flag";
    /**
     * Read by the launcher, not here: the path of server.yaml itself ({@code --config}). Listed so
     * that it is not mistaken for a misspelt setting.
     */
    static final String CONFIG_VARIABLE = "SWITCHBOARD_CONFIG";
    static final String CONFIG_FLAG = "config";

    /** Launcher flag (without dashes) to settings key, as listed in CONTRACT.md. */
    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("instance", "instanceDir"),
            Map.entry("data", "dataDir"),
            Map.entry("bind", "bindAddress"),
            Map.entry("public-address", "publicAddress"),
            Map.entry("sip-port", "sipPort"),
            Map.entry("http-port", "httpPort"),
            Map.entry("turn-port", "turnPort"),
            Map.entry("rtp-ports", "rtpPorts"),
            Map.entry("turn-secret", "turnSecret"),
            Map.entry("turns-port", "turnsPort"),
            Map.entry("https-port", "httpsPort"),
            Map.entry("self-signed", "selfSigned"),
            Map.entry("tls-certificate", "tlsCertificate"),
            Map.entry("tls-private-key", "tlsPrivateKey"),
            Map.entry("sip-connection-idle-timeout", "sipConnectionIdleTimeoutSeconds"),
            Map.entry("sip-first-request-timeout", "sipFirstRequestTimeoutSeconds"),
            Map.entry("sip-max-connections-per-source", "sipMaxConnectionsPerSource"),
            Map.entry("sip-max-connections", "sipMaxConnections"),
            Map.entry("sip-auth-failures-to-ban", "sipAuthFailuresToBan"),
            Map.entry("sip-ban-seconds", "sipBanSeconds"),
            Map.entry("sip-user-auth-failures-to-ban", "sipUserAuthFailuresToBan"),
            Map.entry("sip-user-ban-seconds", "sipUserBanSeconds"),
            Map.entry("sip-core-backlog-to-shed", "sipCoreBacklogToShed"),
            Map.entry("sip-shed-retry-after", "sipShedRetryAfterSeconds"));

    private SettingsResolver() {
    }

    static ServerSettings.Result resolve(Path serverYaml, Map<String, String> env, Map<String, String> flags) {
        Problems problems = new Problems();
        Map<String, Entry> merged = new LinkedHashMap<>();
        String fileName = serverYaml == null ? "server.yaml" : serverYaml.getFileName().toString();
        if (serverYaml != null) {
            fileLayer(serverYaml, fileName, merged, problems);
        }
        envLayer(env, merged, problems);
        flagLayer(flags, merged, problems);
        Binder binder = new Binder(problems);
        ServerSettings settings = binder.bind(ServerSettings.class,
                new MapNode(Origin.of(fileName, 1), merged), "");
        if (settings != null) {
            crossChecks(settings, binder.origins(), problems);
        }
        return new ServerSettings.Result(settings, problems.sorted());
    }

    /** The environment variable of a settings key: {@code httpPort} is {@code SWITCHBOARD_HTTP_PORT}. */
    static String envName(String key) {
        return ENV_PREFIX + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static void fileLayer(Path file, String name, Map<String, Entry> merged, Problems problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(name, 0, "(file)", "cannot read " + file + ": " + e.getMessage());
            return;
        }
        Node root = TreeReader.readYaml(name, text, problems);
        if (root instanceof MapNode map) {
            merged.putAll(map.entries());
        } else if (root != null) {
            problems.add(root.origin(), "(document)", "expected a mapping, found " + root.describe());
        }
    }

    private static void envLayer(Map<String, String> env, Map<String, Entry> merged, Problems problems) {
        Map<String, String> keysByVar = new TreeMap<>();
        for (RecordComponent c : ServerSettings.class.getRecordComponents()) {
            keysByVar.put(envName(c.getName()), c.getName());
        }
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX) || e.getKey().equals(CONFIG_VARIABLE)) {
                continue;
            }
            String key = keysByVar.get(e.getKey());
            Origin origin = new Origin(ENVIRONMENT, 0, e.getKey());
            if (key == null) {
                problems.add(origin, e.getKey(), "unknown setting variable (known: "
                        + String.join(", ", keysByVar.keySet()) + ")");
                continue;
            }
            merged.put(key, scalar(origin, e.getValue()));
        }
    }

    private static void flagLayer(Map<String, String> flags, Map<String, Entry> merged, Problems problems) {
        for (Map.Entry<String, String> e : new TreeMap<>(flags).entrySet()) {
            String flag = e.getKey().startsWith("--") ? e.getKey().substring(2) : e.getKey();
            if (flag.equals(CONFIG_FLAG)) {
                continue;
            }
            Origin origin = new Origin(FLAG, 0, "--" + flag);
            String key = FLAGS.get(flag);
            if (key == null) {
                problems.add(origin, flag, "unknown flag");
                continue;
            }
            merged.put(key, scalar(origin, e.getValue()));
        }
    }

    private static Entry scalar(Origin origin, String value) {
        ScalarNode node = value == null
                ? new ScalarNode(origin, "", ScalarNode.Kind.NULL)
                : new ScalarNode(origin, value, ScalarNode.Kind.STRING);
        return new Entry(origin, node);
    }

    /** Rules across keys: distinct listening ports, RTP range clear of them, TLS material complete. */
    private static void crossChecks(ServerSettings s, Map<String, Origin> origins, Problems problems) {
        try {
            Cidr.parse(s.bindAddress());
        } catch (IllegalArgumentException e) {
            problems.add(origin(origins, "bindAddress"), "bindAddress",
                    "expected an IP address to listen on (0.0.0.0 for all), found \"" + s.bindAddress() + "\"");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("sipPort", s.sipPort());
        if (s.tlsEnabled()) {
            ports.put("sipTlsPort", s.sipTlsPort());
        }
        ports.put("httpPort", s.httpPort());
        if (s.httpsEnabled()) {
            ports.put("httpsPort", s.httpsPort());
        }
        ports.put("turnPort", s.turnPort());
        if (s.tlsEnabled()) {
            ports.put("turnsPort", s.turnsPort());
        }
        Map<Integer, String> seen = new LinkedHashMap<>();
        ports.forEach((key, port) -> {
            String other = seen.putIfAbsent(port, key);
            if (other != null) {
                problems.add(origin(origins, key), key, "port " + port + " is already used by " + other);
            }
            if (s.rtpPorts().contains(port)) {
                // Blame whichever of the two was set explicitly; a default is not the user's doing.
                String blamed = origins.containsKey(key) ? key : "rtpPorts";
                problems.add(origin(origins, blamed), blamed,
                        key + " " + port + " is inside the RTP port range " + s.rtpPorts());
            }
        });
        // A listening port inside the TURN relay range is not an error: the relay port allocator skips it.
        if (s.turnRelayPorts().low() <= s.rtpPorts().high() && s.rtpPorts().low() <= s.turnRelayPorts().high()) {
            String blamed = origins.containsKey("turnRelayPorts") ? "turnRelayPorts" : "rtpPorts";
            problems.add(origin(origins, blamed), blamed, "the TURN relay ports " + s.turnRelayPorts()
                    + " overlap the RTP ports " + s.rtpPorts());
        }
        for (String block : s.turnAllowedPeerBlocks()) {
            try {
                Cidr.parse(block);
            } catch (IllegalArgumentException e) {
                problems.add(origin(origins, "turnAllowedPeers"), "turnAllowedPeers",
                        "expected comma-separated address blocks (203.0.113.0/24), found \"" + block + "\"");
            }
        }
        for (String server : s.dnsServerList()) {
            if (!DnsServer.valid(server)) {
                problems.add(origin(origins, "dnsServers"), "dnsServers",
                        "expected comma-separated name server addresses (192.0.2.53, [2001:db8::53]:5353), found \""
                                + server + "\"");
            }
        }
        if (s.sipMaxConnections() < s.sipMaxConnectionsPerSource()) {
            String blamed = origins.containsKey("sipMaxConnections") ? "sipMaxConnections" : "sipMaxConnectionsPerSource";
            problems.add(origin(origins, blamed), blamed, "sipMaxConnections " + s.sipMaxConnections()
                    + " is below sipMaxConnectionsPerSource " + s.sipMaxConnectionsPerSource());
        }
        if ((s.tlsCertificate() == null) != (s.tlsPrivateKey() == null)) {
            String missing = s.tlsCertificate() == null ? "tlsCertificate" : "tlsPrivateKey";
            String given = s.tlsCertificate() == null ? "tlsPrivateKey" : "tlsCertificate";
            problems.add(origin(origins, given), missing, "SIP over TLS needs both tlsCertificate and tlsPrivateKey");
        }
        for (String key : new String[] {"tlsCertificate", "tlsPrivateKey"}) {
            Path p = key.equals("tlsCertificate") ? s.tlsCertificate() : s.tlsPrivateKey();
            if (p != null && !Files.isReadable(p)) {
                problems.add(origin(origins, key), key, "cannot read " + p);
            }
        }
    }

    private static Origin origin(Map<String, Origin> origins, String key) {
        Origin o = origins.get(key);
        return o != null ? o : Origin.of("server.yaml", 0);
    }
}
