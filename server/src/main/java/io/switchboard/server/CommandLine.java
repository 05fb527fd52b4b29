package io.switchboard.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line: an optional subcommand, {@code --flag value} / {@code --flag=value} pairs and
 * positional arguments. Only the flag names are checked here; their values are validated with the
 * rest of the server settings so that every source of a setting reports errors the same way.
 */
record CommandLine(String subcommand, Map<String, String> flags, List<String> positional) {
    /** Flags that take a value, as CONTRACT.md names them, plus {@code config} for the server.yaml path. */
    static final Set<String> VALUE_FLAGS = Set.of(
            "instance", "data", "bind", "public-address", "sip-port", "http-port", "turn-port",
            "rtp-ports", "turn-secret", "turns-port", "config", "https-port", "tls-certificate", "tls-private-key",
            "sip-connection-idle-timeout", "sip-first-request-timeout", "sip-max-connections-per-source",
            "sip-max-connections", "sip-auth-failures-to-ban", "sip-ban-seconds", "sip-user-auth-failures-to-ban",
            "sip-user-ban-seconds", "sip-core-backlog-to-shed", "sip-shed-retry-after");
    /** Flags that take a value and belong to one subcommand, never to the server settings. */
    static final Set<String> COMMAND_FLAGS = Set.of("mapping", "name", "input", "attributes", "caller", "function-reply");
    /** Flags that stand alone. */
    static final Set<String> SWITCHES = Set.of("help", "version", "stdin", "replace", "self-signed");
    /** Switches that are server settings (a boolean set to true). */
    static final Set<String> SETTING_SWITCHES = Set.of("self-signed");
    static final Set<String> SUBCOMMANDS = Set.of("run", "validate", "hash-password", "import-flow", "flow-check",
            "simulate");

    static CommandLine parse(String[] args) throws UsageException {
        String subcommand = "run";
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            if (!SUBCOMMANDS.contains(args[0])) {
                throw new UsageException("unknown command '" + args[0]
                        + "' (commands: run, validate, hash-password, import-flow, flow-check, simulate)");
            }
            subcommand = args[0];
            i = 1;
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (SWITCHES.contains(name)) {
                if (value != null) {
                    throw new UsageException("flag --" + name + " takes no value");
                }
                flags.put(name, "true");
            } else if (VALUE_FLAGS.contains(name) || COMMAND_FLAGS.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException("flag --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (flags.put(name, value) != null) {
                    throw new UsageException("flag --" + name + " given twice");
                }
            } else {
                throw new UsageException("unknown flag --" + name + " (see --help)");
            }
        }
        if (!subcommand.equals("simulate")) {
            for (String only : new String[] {"input", "attributes", "caller", "function-reply"}) {
                if (flags.containsKey(only)) {
                    throw new UsageException("flag --" + only + " belongs to simulate");
                }
            }
        }
        if (!subcommand.equals("import-flow")) {
            // flow-check maps references the way import-flow does, so it takes --mapping too.
            for (String only : subcommand.equals("flow-check") ? new String[] {"name", "replace"}
                    : new String[] {"mapping", "name", "replace"}) {
                if (flags.containsKey(only)) {
                    throw new UsageException("flag --" + only + " belongs to import-flow");
                }
            }
        }
        return new CommandLine(subcommand, flags, positional);
    }

    boolean has(String flag) {
        return flags.containsKey(flag);
    }

    /** The flags that override server settings (every value flag except {@code config}). */
    Map<String, String> settingOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>(flags);
        overrides.keySet().retainAll(VALUE_FLAGS);
        overrides.remove("config");
        for (String setting : SETTING_SWITCHES) {
            if (flags.containsKey(setting)) {
                overrides.put(setting, "true");
            }
        }
        return overrides;
    }

    static String usage() {
        return String.join("\n",
                "usage: java -jar switchboard.jar [run] [flags]     start the server (the demo instance without --instance)",
                "       java -jar switchboard.jar validate DIR       check an instance directory; exit 0 if valid, 1 if not",
                "       java -jar switchboard.jar hash-password [--stdin]  print a bcrypt hash for instance.yaml",
                "       java -jar switchboard.jar import-flow EXPORTED.json --instance DIR [--mapping FILE] [--name NAME]"
                        + " [--replace]",
                "                                  map an exported Amazon Connect flow's ARNs to the instance's names and",
                "                                  write flows/NAME.json; exit 1 listing every reference it cannot map",
                "       java -jar switchboard.jar flow-check FLOW.json... [--instance DIR] [--mapping FILE]",
                "                                  print per block whether it runs here or is refused, and why;",
                "                                  exit 1 if a flow does not load",
                "       java -jar switchboard.jar simulate FLOW [k=v ...] [--input 1,123#] [--attributes k=v,...]",
                "                                  [--caller E164] [--function-reply JSON] [--instance DIR]",
                "                                  run a flow on a virtual clock without a call; print the path taken,",
                "                                  the prompts and the attributes at each step",
                "flags:",
                "  --instance DIR         instance directory (instance.yaml, flows/, prompts/)",
                "  --data DIR             data directory (default ./data)",
                "  --config FILE          server settings file (server.yaml)",
                "  --bind ADDR            listen address (default 0.0.0.0)",
                "  --public-address ADDR  address written into SDP and TURN responses",
                "  --sip-port N           SIP over UDP and TCP (default 5060)",
                "  --http-port N          HTTP (default 8080)",
                "  --turn-port N          TURN over UDP and TCP (default 3478)",
                "  --rtp-ports LOW-HIGH   RTP port range (default 20000-29999)",
                "  --turn-secret S        shared secret for TURN REST credentials",
                "  --turns-port N         TURN over TLS (default 5349, with TLS material)",
                "  --https-port N         HTTPS for the CCP (default 8443, with TLS material or --self-signed)",
                "  --tls-certificate PEM  certificate chain for SIP, TURN and HTTPS over TLS",
                "  --tls-private-key PEM  its private key",
                "  --self-signed          serve HTTPS with a certificate made at start (trials only)",
                "  --sip-connection-idle-timeout S   close idle SIP TCP/TLS connections after S s (default 300)",
                "  --sip-first-request-timeout S     close SIP connections without a request after S s (default 10)",
                "  --sip-max-connections-per-source N  SIP TCP/TLS connections per address (default 100)",
                "  --sip-max-connections N           SIP TCP/TLS connections in all (default 10000)",
                "  --sip-auth-failures-to-ban N      offences that ban an untrusted address (default 5)",
                "  --sip-ban-seconds S               length of an address ban (default 600)",
                "  --sip-user-auth-failures-to-ban N failed authentications that ban a user name (default 10)",
                "  --sip-user-ban-seconds S          length of a user ban (default 600)",
                "  --sip-core-backlog-to-shed N      waiting SIP messages beyond which new requests get 503 (default 20000)",
                "  --sip-shed-retry-after S          Retry-After of those 503s (default 5)",
                "  --help, --version");
    }
}
