package io.switchboard.config.check;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.bind.Node;
import io.switchboard.config.bind.Origin;
import io.switchboard.config.bind.Problems;
import io.switchboard.config.model.AgentHierarchy;
import io.switchboard.config.model.AgentStatus;
import io.switchboard.config.model.E164;
import io.switchboard.config.model.QuickConnect;
import io.switchboard.config.model.RoutingProfile;
import io.switchboard.config.model.SipPhone;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.config.model.User;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks what binding cannot: duplicate names, references between parts of the instance (by name),
 * and rules that span several keys. Every check reports and carries on.
 */
public final class InstanceValidator {

    private static final String FILE = "instance.yaml";

    private final InstanceConfig config;
    private final Node root;
    private final Map<String, Origin> origins;
    private final Problems problems;
    private final NameIndex trunks;
    private final NameIndex queues;
    private final NameIndex routingProfiles;
    private final NameIndex users;
    private final NameIndex quickConnects;
    private final NameIndex groups;

    /** The realm of the first inbound digest user, which all the others must share. */
    private String digestRealm;
    private final Map<String, String> digestUserTrunk = new HashMap<>();

    private InstanceValidator(InstanceConfig config, Node root, Map<String, Origin> origins, Problems problems) {
        this.config = config;
        this.root = root;
        this.origins = origins;
        this.problems = problems;
        this.trunks = NameIndex.of(root, "trunks", "name");
        this.queues = NameIndex.of(root, "queues", "name");
        this.routingProfiles = NameIndex.of(root, "routingProfiles", "name");
        this.users = NameIndex.of(root, "users", "username");
        this.quickConnects = NameIndex.of(root, "quickConnects", "name");
        this.groups = NameIndex.of(root, "agentHierarchy.groups", "name");
    }

    /**
     * Validates {@code config}, bound from {@code root}; references named with {@code @Ref} were
     * already checked while binding.
     */
    public static void validate(InstanceConfig config, Node root, Map<String, Origin> origins, Problems problems) {
        InstanceValidator v = new InstanceValidator(config, root, origins, problems);
        v.duplicates();
        v.trunks();
        v.routingProfiles();
        v.users();
        v.agentStatuses();
        v.quickConnects();
        v.hierarchy();
        v.sipPhones();
    }

    private void duplicates() {
        for (NameIndex.Section section : NameIndex.SECTIONS) {
            unique(NameIndex.of(root, section.path(), section.key()), section.key().isEmpty() ? "name" : section.key());
        }
    }

    private void unique(NameIndex index, String what) {
        Map<String, Integer> seen = new HashMap<>();
        for (NameIndex.Named n : index.entries()) {
            Integer first = seen.putIfAbsent(n.name(), n.origin().line());
            if (first != null) {
                problems.add(n.origin(), n.path(), "duplicate " + what + " \"" + n.name() + "\" (also at line " + first + ")");
            }
        }
    }

    private void trunks() {
        for (int i = 0; i < config.trunks().size(); i++) {
            SipTrunk t = config.trunks().get(i);
            String path = trunks.itemPath(t.name(), "trunks[" + i + "]");
            if (t.inbound() == null && t.outbound() == null) {
                report(path, "a trunk needs inbound, outbound or both");
            }
            if (t.inbound() != null && t.inbound().allowedSources().isEmpty() && !t.inbound().requiresDigest()) {
                report(path + ".inbound", "accepts no one: give allowedSources, digestUsers or both");
            }
            if (t.inbound() != null) {
                digestUsers(t, path);
            }
            if (t.outbound() != null) {
                if (writtenEmpty(path + ".outbound.destinations")) {
                    report(path + ".outbound.destinations", "must list at least one destination");
                }
                if (t.outbound().registration() != null && t.outbound().credentials() == null) {
                    report(path + ".outbound.registration", "registering needs outbound.credentials");
                }
            }
        }
    }

    /**
     * The SIP edge challenges before it knows the user, so with one realm: every inbound digest user of the
     * instance must have had its HA1 computed for the same realm. A user name also belongs to one trunk only,
     * since the name decides which trunk the call is on.
     */
    private void digestUsers(SipTrunk t, String path) {
        for (int j = 0; j < t.inbound().digestUsers().size(); j++) {
            SipTrunk.DigestUser u = t.inbound().digestUsers().get(j);
            String userPath = path + ".inbound.digestUsers[" + j + "]";
            if (digestRealm == null) {
                digestRealm = u.realm();
            } else if (!digestRealm.equals(u.realm())) {
                report(userPath + ".realm", "realm \"" + u.realm() + "\" differs from \"" + digestRealm
                        + "\" of the first digest user: the SIP edge challenges with one realm");
            }
            String other = digestUserTrunk.putIfAbsent(u.username(), t.name());
            if (other != null) {
                report(userPath + ".username", "digest user \"" + u.username() + "\" is already a user of trunk \""
                        + other + "\"");
            }
        }
    }

    /** One phone per user, and one realm for every phone (the registrar challenges before it knows the user). */
    private void sipPhones() {
        Map<String, Integer> seen = new HashMap<>();
        String realm = null;
        for (int i = 0; i < config.sipPhones().size(); i++) {
            SipPhone phone = config.sipPhones().get(i);
            String path = "sipPhones[" + i + "]";
            if (seen.putIfAbsent(phone.username(), i) != null) {
                report(path + ".username", "user \"" + phone.username() + "\" already has a SIP phone (sipPhones["
                        + seen.get(phone.username()) + "])");
            }
            if (realm == null) {
                realm = phone.realm();
            } else if (!realm.equals(phone.realm())) {
                report(path + ".realm", "realm \"" + phone.realm() + "\" differs from \"" + realm
                        + "\" of the first SIP phone: the registrar challenges with one realm");
            }
        }
    }

    private void routingProfiles() {
        for (int i = 0; i < config.routingProfiles().size(); i++) {
            RoutingProfile r = config.routingProfiles().get(i);
            String path = routingProfiles.itemPath(r.name(), "routingProfiles[" + i + "]");
            if (writtenEmpty(path + ".queues")) {
                report(path + ".queues", "must list at least one queue");
            }
            Set<String> seen = new HashSet<>();
            for (NameIndex.Named q : NameIndex.of(root, path + ".queues", "queue").entries()) {
                if (!seen.add(q.name())) {
                    problems.add(q.origin(), q.path(), "queue \"" + q.name() + "\" is listed twice");
                }
            }
        }
    }

    private void users() {
        for (int i = 0; i < config.users().size(); i++) {
            User u = config.users().get(i);
            String path = users.itemPath(u.username(), "users[" + i + "]");
            if (writtenEmpty(path + ".securityProfiles")) {
                report(path + ".securityProfiles", "must name at least one security profile");
            }
            if (u.phoneType() == User.PhoneType.DESK) {
                if (u.deskPhoneNumber() == null) {
                    report(path + ".deskPhoneNumber", "required when phoneType is desk");
                }
                if (u.deskPhoneTrunk() == null) {
                    report(path + ".deskPhoneTrunk", "required when phoneType is desk");
                } else {
                    config.trunk(u.deskPhoneTrunk()).filter(t -> t.outbound() == null).ifPresent(t ->
                            report(path + ".deskPhoneTrunk", "trunk \"" + t.name() + "\" has no outbound destinations"));
                }
            }
            if (u.phoneType() == User.PhoneType.SIP
                    && config.sipPhones().stream().noneMatch(p -> p.username().equals(u.username()))) {
                report(path + ".phoneType", "sip needs an entry for \"" + u.username() + "\" in sipPhones");
            }
            proficiencies(u, path);
        }
    }

    /** Each proficiency names a value of a predefined attribute, once. */
    private void proficiencies(User u, String path) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int j = 0; j < u.proficiencies().size(); j++) {
            var p = u.proficiencies().get(j);
            String at = path + ".proficiencies[" + j + "]";
            var attribute = config.predefinedAttributes().stream().filter(a -> a.name().equals(p.attributeName()))
                    .findFirst();
            if (attribute.isEmpty()) {
                report(at + ".attributeName", "no predefined attribute \"" + p.attributeName()
                        + "\"; define it under predefinedAttributes");
            } else if (!attribute.get().values().contains(p.attributeValue())) {
                report(at + ".attributeValue", "\"" + p.attributeValue() + "\" is not a value of " + p.attributeName()
                        + " (values: " + String.join(", ", attribute.get().values()) + ")");
            }
            if (!seen.add(p.attributeName() + "\u0000" + p.attributeValue())) {
                report(at, "the proficiency " + p.attributeName() + ": " + p.attributeValue() + " is listed twice");
            }
        }
    }

    private void agentStatuses() {
        for (String required : List.of(AgentStatus.AVAILABLE, AgentStatus.OFFLINE)) {
            if (config.agentStatuses().stream().noneMatch(s -> s.name().equals(required))) {
                report("agentStatuses", "must include \"" + required + "\"");
            }
        }
    }

    private void quickConnects() {
        for (int i = 0; i < config.quickConnects().size(); i++) {
            QuickConnect q = config.quickConnects().get(i);
            String path = quickConnects.itemPath(q.name(), "quickConnects[" + i + "]");
            switch (q.type()) {
                case AGENT -> ref(users, q.destination(), path + ".destination", "user");
                case QUEUE -> ref(queues, q.destination(), path + ".destination", "queue");
                case EXTERNAL -> {
                    try {
                        E164.parse(q.destination());
                    } catch (IllegalArgumentException e) {
                        report(path + ".destination", e.getMessage());
                    }
                }
            }
            if (q.flow() == null && q.type() != QuickConnect.Type.EXTERNAL) {
                report(path + ".flow", "required for agent and queue quick connects (the transfer flow to run)");
            }
        }
    }

    private void hierarchy() {
        AgentHierarchy h = config.agentHierarchy();
        if (h.levels().size() > AgentHierarchy.MAX_LEVELS) {
            report("agentHierarchy.levels", "at most " + AgentHierarchy.MAX_LEVELS + " levels, found " + h.levels().size());
        }
        Map<String, String> levelOf = new HashMap<>();
        h.groups().forEach(g -> levelOf.putIfAbsent(g.name(), g.level()));
        for (int i = 0; i < h.groups().size(); i++) {
            AgentHierarchy.Group g = h.groups().get(i);
            String path = groups.itemPath(g.name(), "agentHierarchy.groups[" + i + "]");
            int level = h.levels().indexOf(g.level());
            if (level < 0) {
                continue; // an unknown level was reported while binding
            }
            if (level == 0 && g.parent() != null) {
                report(path + ".parent", "a group on the top level \"" + g.level() + "\" has no parent");
            } else if (level > 0 && g.parent() == null) {
                report(path + ".parent", "required below the top level (a group on level \""
                        + h.levels().get(level - 1) + "\")");
            } else if (level > 0) {
                String parentLevel = levelOf.get(g.parent());
                if (parentLevel != null && !h.levels().get(level - 1).equals(parentLevel)) {
                    report(path + ".parent", "parent \"" + g.parent() + "\" is on level \"" + parentLevel
                            + "\", expected level \"" + h.levels().get(level - 1) + "\"");
                }
            }
        }
    }

    private boolean ref(NameIndex index, String name, String path, String what) {
        if (index.contains(name)) {
            return true;
        }
        report(path, "unknown " + what + " \"" + name + "\"");
        return false;
    }

    /**
     * True when the list at {@code path} has no entries in the file. Asked of the file rather than
     * the model, where entries that failed to bind are left out and would make the list look empty.
     */
    private boolean writtenEmpty(String path) {
        return !origins.containsKey(path + "[0]");
    }

    private void report(String path, String message) {
        problems.add(originOf(path), path, message);
    }

    /** The origin of a path, or of its nearest ancestor that has one. */
    private Origin originOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Origin o = origins.get(p);
            if (o != null) {
                return o;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        Origin root = origins.get("");
        return root != null ? root : Origin.of(FILE, 1);
    }
}
