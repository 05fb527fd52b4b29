package io.switchboard.config;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.FromFiles;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.model.AgentHierarchy;
import io.switchboard.config.model.AgentStatus;
import io.switchboard.config.model.ContactFlow;
import io.switchboard.config.model.CountryCode;
import io.switchboard.config.model.ExternalFunction;
import io.switchboard.config.model.FlowMapping;
import io.switchboard.config.model.HoursOfOperation;
import io.switchboard.config.model.MediaStreaming;
import io.switchboard.config.model.PhoneNumber;
import io.switchboard.config.model.Prompt;
import io.switchboard.config.model.Queue;
import io.switchboard.config.model.QuickConnect;
import io.switchboard.config.model.RoutingProfile;
import io.switchboard.config.model.PredefinedAttribute;
import io.switchboard.config.model.SecurityProfile;
import io.switchboard.config.model.SipPhone;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.config.model.TurnUser;
import io.switchboard.config.model.User;
import java.util.List;
import java.util.Map;

/**
 * One validated, immutable snapshot of an instance directory: {@code instance.yaml} plus its
 * {@code flows/*.json}, {@code prompts/*.wav} and {@code flow-mapping.yaml} (empty when absent).
 * References between parts (a queue's hours, a user's routing profile) are by name and have all been
 * checked to resolve. A reload produces a new snapshot; holders of the old one keep a consistent view.
 */
public record InstanceConfig(
        List<PhoneNumber> phoneNumbers,
        List<SipTrunk> trunks,
        List<HoursOfOperation> hoursOfOperation,
        List<Queue> queues,
        List<RoutingProfile> routingProfiles,
        List<User> users,
        List<AgentStatus> agentStatuses,
        List<QuickConnect> quickConnects,
        List<SecurityProfile> securityProfiles,
        @Optional AgentHierarchy agentHierarchy,
        List<ExternalFunction> externalFunctions,
        List<TurnUser> turnUsers,
        List<SipPhone> sipPhones,
        @Optional MediaStreaming mediaStreaming,
        List<PredefinedAttribute> predefinedAttributes,
        @Default("US") CountryCode defaultCountry,
        @FromFiles Map<String, ContactFlow> flows,
        @FromFiles Map<String, Prompt> prompts,
        @FromFiles FlowMapping flowMapping) {

    public InstanceConfig {
        phoneNumbers = List.copyOf(phoneNumbers);
        trunks = List.copyOf(trunks);
        hoursOfOperation = List.copyOf(hoursOfOperation);
        queues = List.copyOf(queues);
        routingProfiles = List.copyOf(routingProfiles);
        users = List.copyOf(users);
        agentStatuses = List.copyOf(agentStatuses);
        quickConnects = List.copyOf(quickConnects);
        securityProfiles = List.copyOf(securityProfiles);
        agentHierarchy = agentHierarchy == null ? AgentHierarchy.EMPTY : agentHierarchy;
        externalFunctions = List.copyOf(externalFunctions);
        turnUsers = List.copyOf(turnUsers);
        sipPhones = List.copyOf(sipPhones);
        predefinedAttributes = List.copyOf(predefinedAttributes);
        defaultCountry = defaultCountry == null ? CountryCode.parse("US") : defaultCountry;
        flows = Map.copyOf(flows);
        prompts = Map.copyOf(prompts);
        flowMapping = flowMapping == null ? FlowMapping.EMPTY : flowMapping;
    }

    /** This snapshot with the flows, prompts and flow mapping read from the instance directory. */
    public InstanceConfig withFiles(Map<String, ContactFlow> newFlows, Map<String, Prompt> newPrompts,
                                    FlowMapping newFlowMapping) {
        return new InstanceConfig(phoneNumbers, trunks, hoursOfOperation, queues, routingProfiles, users,
                agentStatuses, quickConnects, securityProfiles, agentHierarchy, externalFunctions, turnUsers,
                sipPhones, mediaStreaming, predefinedAttributes, defaultCountry, newFlows, newPrompts, newFlowMapping);
    }

    /** The live media streaming server, if the instance names one. */
    public java.util.Optional<MediaStreaming> streaming() {
        return java.util.Optional.ofNullable(mediaStreaming);
    }

    public java.util.Optional<PhoneNumber> phoneNumber(String e164) {
        return phoneNumbers.stream().filter(p -> p.number().value().equals(e164)).findFirst();
    }

    public java.util.Optional<SipTrunk> trunk(String name) {
        return trunks.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public java.util.Optional<HoursOfOperation> hours(String name) {
        return hoursOfOperation.stream().filter(h -> h.name().equals(name)).findFirst();
    }

    public java.util.Optional<Queue> queue(String name) {
        return queues.stream().filter(q -> q.name().equals(name)).findFirst();
    }

    public java.util.Optional<RoutingProfile> routingProfile(String name) {
        return routingProfiles.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Whether one of {@code user}'s security profiles grants {@code permission}. */
    public boolean grants(User user, String permission) {
        return user.securityProfiles().stream().map(this::securityProfile).flatMap(java.util.Optional::stream)
                .anyMatch(p -> p.grants(permission));
    }

    public java.util.Optional<User> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    public java.util.Optional<SecurityProfile> securityProfile(String name) {
        return securityProfiles.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public java.util.Optional<QuickConnect> quickConnect(String name) {
        return quickConnects.stream().filter(q -> q.name().equals(name)).findFirst();
    }

    public java.util.Optional<AgentStatus> agentStatus(String name) {
        return agentStatuses.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public java.util.Optional<ExternalFunction> externalFunction(String name) {
        return externalFunctions.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public java.util.Optional<ContactFlow> flow(String name) {
        return java.util.Optional.ofNullable(flows.get(name));
    }

    public java.util.Optional<Prompt> prompt(String name) {
        return java.util.Optional.ofNullable(prompts.get(name));
    }
}
