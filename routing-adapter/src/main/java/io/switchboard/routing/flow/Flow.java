package io.switchboard.routing.flow;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A published flow: validated, every action compiled, immutable. Contacts running it keep their
 * reference when a reload publishes a new version.
 */
public final class Flow {

    private final String name;
    private final String file;
    private final String startAction;
    private final Map<String, CompiledAction> actions;
    private final List<SpeechUse> speech;
    private final String id;
    private final String version;

    /** {@code speech}: the actions that speak, and with which voice, as compiling them found. */
    public Flow(String name, String file, String startAction, Map<String, CompiledAction> actions,
                List<SpeechUse> speech) {
        this(name, file, startAction, actions, speech, "unversioned");
    }

    /** {@code version}: names this content of the flow, so logs and health can tell versions apart. */
    public Flow(String name, String file, String startAction, Map<String, CompiledAction> actions,
                List<SpeechUse> speech, String version) {
        this.name = Objects.requireNonNull(name, "name");
        this.file = Objects.requireNonNull(file, "file");
        this.startAction = Objects.requireNonNull(startAction, "startAction");
        this.actions = Map.copyOf(actions);
        this.speech = List.copyOf(speech);
        if (!this.actions.containsKey(startAction)) {
            throw new IllegalArgumentException("start action " + startAction + " is not in flow " + name);
        }
        // A stable id per name, so flow logs and ARNs stay the same across restarts and reloads.
        this.id = UUID.nameUUIDFromBytes(("flow:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        this.version = Objects.requireNonNull(version, "version");
    }

    /**
     * The version of this content: the first 12 hex digits of the SHA-256 of the flow's JSON. A reload that
     * changes a flow publishes a new version; contacts already in the flow finish the one they started.
     */
    public String version() {
        return version;
    }

    /** The version of {@code document}'s content, as {@link #version()} names it. */
    public static String versionOf(com.fasterxml.jackson.databind.JsonNode document) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(document.toString().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public String name() {
        return name;
    }

    public String file() {
        return file;
    }

    /** The flow's id, shown in ARN shape as {@code .../contact-flow/<id>}. */
    public String id() {
        return id;
    }

    public String startAction() {
        return startAction;
    }

    public Optional<CompiledAction> action(String identifier) {
        return Optional.ofNullable(actions.get(identifier));
    }

    /** The actions that speak with a synthesiser voice (or set one), for the load-time voice check. */
    public List<SpeechUse> speech() {
        return speech;
    }

    public int size() {
        return actions.size();
    }

    @Override
    public String toString() {
        return "Flow[" + name + " " + version + ", " + actions.size() + " actions]";
    }
}
