package io.switchboard.routing.agent;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.AgentHierarchy;
import io.switchboard.config.model.AgentStatus;
import io.switchboard.config.model.RoutingProfile;
import io.switchboard.config.model.User;
import io.switchboard.routing.instance.InstanceResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents and agent statuses of one instance snapshot, with their ARNs: every user holding a security
 * profile that grants {@value #AGENT_PERMISSION} (the permission that opens the Contact Control Panel) is an
 * agent. Immutable; every reload builds a new one. ARNs are {@code <instance>/agent/<id>},
 * {@code /routing-profile/<id>}, {@code /queue/<id>}, {@code /agent-state/<id>} and {@code /agent-group/<id>},
 * with ids that stay the same for the same name on every start.
 */
public final class AgentDirectory {

    /** The security-profile permission that makes a user an agent. */
    public static final String AGENT_PERMISSION = "BasicAgentAccess";

    private final String instanceArn;
    private final Map<String, AgentConfiguration> agents;
    private final Map<String, AgentStatusRef> statuses;

    private AgentDirectory(String instanceArn, Map<String, AgentConfiguration> agents,
                           Map<String, AgentStatusRef> statuses) {
        this.instanceArn = instanceArn;
        this.agents = Collections.unmodifiableMap(agents);
        this.statuses = Collections.unmodifiableMap(statuses);
    }

    public static AgentDirectory of(InstanceConfig config, String instanceArn) {
        Map<String, AgentStatusRef> statuses = new LinkedHashMap<>();
        config.agentStatuses().stream()
                .sorted(java.util.Comparator.comparingInt(AgentStatus::order))
                .forEach(s -> statuses.put(s.name(), new AgentStatusRef(s.name(),
                        arn(instanceArn, "agent-state", s.name()), s.kind(), s.enabled())));
        // Offline is where a logged-out agent is; an instance always has it, but the roster must never miss it.
        statuses.putIfAbsent(AgentStatus.OFFLINE, new AgentStatusRef(AgentStatus.OFFLINE,
                arn(instanceArn, "agent-state", AgentStatus.OFFLINE), AgentStatus.Kind.OFFLINE, true));
        Map<String, AgentConfiguration> agents = new LinkedHashMap<>();
        for (User user : config.users()) {
            if (isAgent(config, user)) {
                agents.put(user.username(), configuration(config, instanceArn, user));
            }
        }
        return new AgentDirectory(instanceArn, agents, statuses);
    }

    private static boolean isAgent(InstanceConfig config, User user) {
        return config.grants(user, AGENT_PERMISSION);
    }

    private static AgentConfiguration configuration(InstanceConfig config, String instanceArn, User user) {
        RoutingProfile profile = config.routingProfile(user.routingProfile()).orElseThrow(() ->
                new IllegalArgumentException("user " + user.username() + ": unknown routing profile "
                        + user.routingProfile()));
        List<AgentConfiguration.ServedQueue> queues = new ArrayList<>();
        for (RoutingProfile.QueueConfig q : profile.queues()) {
            queues.add(new AgentConfiguration.ServedQueue(queue(instanceArn, q.queue()), q.priority(),
                    Duration.ofSeconds(q.delaySeconds())));
        }
        AgentConfiguration.RoutingProfile routing = new AgentConfiguration.RoutingProfile(profile.name(),
                arn(instanceArn, "routing-profile", profile.name()), queues,
                queue(instanceArn, profile.defaultOutboundQueue()), Optional.ofNullable(profile.defaultAgentStatus()));
        return new AgentConfiguration(user.username(), agentArn(instanceArn, user.username()), user.firstName(),
                user.lastName(), routing, user.phoneType(),
                user.deskPhoneNumber() == null ? null : user.deskPhoneNumber().value(), user.autoAccept(),
                Duration.ofSeconds(user.afterContactWorkTimeoutSeconds()),
                hierarchy(config.agentHierarchy(), instanceArn, user.hierarchyGroup()),
                user.proficiencies().stream().map(p -> new AgentConfiguration.Proficiency(p.attributeName(),
                        p.attributeValue(), p.level())).toList());
    }

    /** The group and its parents, top level first; cut at the hierarchy's five levels (a cycle cannot loop). */
    private static List<AgentConfiguration.HierarchyGroup> hierarchy(AgentHierarchy hierarchy, String instanceArn,
                                                                      String group) {
        List<AgentConfiguration.HierarchyGroup> path = new ArrayList<>();
        String name = group;
        while (name != null && path.size() < AgentHierarchy.MAX_LEVELS) {
            String current = name;
            Optional<AgentHierarchy.Group> found = hierarchy.groups().stream()
                    .filter(g -> g.name().equals(current)).findFirst();
            path.add(0, new AgentConfiguration.HierarchyGroup(current, arn(instanceArn, "agent-group", current)));
            name = found.map(AgentHierarchy.Group::parent).orElse(null);
        }
        return path;
    }

    private static AgentConfiguration.QueueRef queue(String instanceArn, String name) {
        return new AgentConfiguration.QueueRef(name, arn(instanceArn, "queue", name));
    }

    /** The agent ARN of {@code username}; its id is the one of the agent's personal queue. */
    public static String agentArn(String instanceArn, String username) {
        return instanceArn + "/agent/" + InstanceResources.stableId("agent", username);
    }

    private static String arn(String instanceArn, String kind, String name) {
        return instanceArn + "/" + kind + "/" + InstanceResources.stableId(kind, name);
    }

    public String instanceArn() {
        return instanceArn;
    }

    public Optional<AgentConfiguration> agent(String username) {
        return Optional.ofNullable(agents.get(username));
    }

    /** Every agent, in the order of the instance's users. */
    public Map<String, AgentConfiguration> agents() {
        return agents;
    }

    /** A status by name, enabled or not. */
    public Optional<AgentStatusRef> status(String name) {
        return Optional.ofNullable(statuses.get(name));
    }

    /** The Offline status. */
    public AgentStatusRef offline() {
        return statuses.get(AgentStatus.OFFLINE);
    }

    /** The statuses in the order agents see them. */
    public List<AgentStatusRef> statuses() {
        return List.copyOf(statuses.values());
    }

    /** The names of the routing profiles agents have, for per-profile figures. */
    public List<String> routingProfiles() {
        return agents.values().stream().map(a -> a.routingProfile().name()).distinct().toList();
    }
}
