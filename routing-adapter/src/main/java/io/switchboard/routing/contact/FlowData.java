package io.switchboard.routing.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The contact data flows read and write beyond user-defined attributes: flow attributes (scoped to one
 * flow run), the flow-module input and result, tags, the contact details {@code UpdateContactData} sets,
 * the queue the last metrics were loaded for and the agent the contact is with. Owned, like its
 * {@link Contact}, by the flow engine's executor.
 */
public final class FlowData {

    private Map<String, String> flowAttributes = new LinkedHashMap<>();
    private JsonNode moduleInput = JsonNodeFactory.instance.objectNode();
    private String moduleResult;
    private JsonNode moduleResultData = JsonNodeFactory.instance.objectNode();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private final Map<String, String> references = new LinkedHashMap<>();
    private QueueRef metricsQueue;
    private AgentRef agent;
    private String instanceArn;
    private long routingPriority = 5;
    private java.time.Duration queueTimeAdjustment = java.time.Duration.ZERO;
    private RoutingCriteria routingCriteria = RoutingCriteria.NONE;

    /** The agent a contact is connected to, as {@code $.Agent.*} reads it. */
    public record AgentRef(String userName, String firstName, String lastName, String arn) {
    }

    // Flow attributes ($.FlowAttributes.x): they belong to one flow run and are not carried to the next.

    public Map<String, String> flowAttributes() {
        return Collections.unmodifiableMap(flowAttributes);
    }

    public void putFlowAttribute(String name, String value) {
        flowAttributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    }

    /** Starts a new flow scope and returns the one it replaces, so a module call can restore its caller's. */
    public Map<String, String> swapFlowAttributes(Map<String, String> next) {
        Map<String, String> previous = flowAttributes;
        flowAttributes = new LinkedHashMap<>(next);
        return previous;
    }

    // Flow modules: $.Modules.Input inside a module, $.Modules.Result and $.Modules.ResultData after one.

    public JsonNode moduleInput() {
        return moduleInput;
    }

    public JsonNode swapModuleInput(JsonNode next) {
        JsonNode previous = moduleInput;
        moduleInput = Objects.requireNonNull(next, "next");
        return previous;
    }

    public Optional<String> moduleResult() {
        return Optional.ofNullable(moduleResult);
    }

    public JsonNode moduleResultData() {
        return moduleResultData;
    }

    /** What the module that just returned left for its caller; each invocation replaces the last. */
    public void setModuleResult(String result, JsonNode data) {
        this.moduleResult = result;
        this.moduleResultData = Objects.requireNonNull(data, "data");
    }

    // Tags ($.Tags.x).

    public Map<String, String> tags() {
        return Collections.unmodifiableMap(tags);
    }

    public void tag(String key, String value) {
        tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    public void untag(String key) {
        tags.remove(key);
    }

    // Contact details set by UpdateContactData: Name, Description, LanguageCode, CustomerId.

    public Optional<String> detail(String field) {
        return Optional.ofNullable(details.get(field));
    }

    public void setDetail(String field, String value) {
        details.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
    }

    public Map<String, String> details() {
        return Collections.unmodifiableMap(details);
    }

    /** References ($.References.name.Value), each a value with its type (URL, STRING, ...). */
    public Optional<String> reference(String name, String part) {
        String value = references.get(name + "\u0000" + part);
        return Optional.ofNullable(value);
    }

    public void setReference(String name, String type, String value) {
        references.put(name + "\u0000Type", Objects.requireNonNull(type, "type"));
        references.put(name + "\u0000Value", Objects.requireNonNull(value, "value"));
    }

    /** The instance the contact runs in ({@code $.InstanceARN}, {@code $.AwsRegion}). */
    public Optional<String> instanceArn() {
        return Optional.ofNullable(instanceArn);
    }

    public void setInstanceArn(String arn) {
        this.instanceArn = arn;
    }

    /** How the contact ranks in queue (UpdateContactRoutingBehavior): priority, lower first; 5 by default. */
    public long routingPriority() {
        return routingPriority;
    }

    /** Added to the contact's time in queue when it is ranked against others. */
    public java.time.Duration queueTimeAdjustment() {
        return queueTimeAdjustment;
    }

    /** The proficiency steps the contact is routed by (UpdateRoutingCriteria); none by default. */
    public RoutingCriteria routingCriteria() {
        return routingCriteria;
    }

    public void setRoutingCriteria(RoutingCriteria criteria) {
        this.routingCriteria = Objects.requireNonNull(criteria, "criteria");
    }

    public void setRouting(long priority, java.time.Duration adjustment) {
        this.routingPriority = priority;
        this.queueTimeAdjustment = Objects.requireNonNull(adjustment, "adjustment");
    }

    // Queue metrics ($.Metrics.Queue.Name/ARN) and the agent ($.Agent.*).

    public Optional<QueueRef> metricsQueue() {
        return Optional.ofNullable(metricsQueue);
    }

    public void setMetricsQueue(QueueRef queue) {
        this.metricsQueue = queue;
    }

    public Optional<AgentRef> agent() {
        return Optional.ofNullable(agent);
    }

    public void setAgent(AgentRef agent) {
        this.agent = agent;
    }
}
