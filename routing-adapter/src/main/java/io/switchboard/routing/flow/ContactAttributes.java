package io.switchboard.routing.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.FlowData;
import io.switchboard.routing.contact.QueueRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The attributes of Amazon Connect's documented attribute list ("List of available contact attributes
 * and their JSONPath references"), each with how Switchboard reads it. Every documented reference is
 * accepted when a flow loads; those that need a service Switchboard does not have (Lex, Customer
 * Profiles, Cases, data tables, views) read as empty, so a Compare on them takes NoMatchingCondition
 * as it would in Connect when the data is absent. A reference that is not in the list is refused, which
 * catches typos at load time.
 */
public final class ContactAttributes {

    /** One documented reference: its path (a trailing {@code *} takes keys), and how it is read. */
    public record Entry(String path, int keys, boolean nestedKeys, String source,
                        BiFunction<Contact, List<String>, String> reader) {

        /** Whether the value comes from this contact (false: accepted, always empty here). */
        public boolean available() {
            return !source.startsWith("empty");
        }
    }

    private static final List<Entry> ENTRIES = build();

    private ContactAttributes() {
    }

    /** Every documented reference, in the attribute list's order. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    /** The entry {@code parts} (the reference split at dots) names, with the keys after its fixed part. */
    static Optional<Match> find(List<String> parts) {
        Entry best = null;
        int bestFixed = -1;
        for (Entry e : ENTRIES) {
            String[] fixed = e.path().split("\\.");
            int n = e.keys() > 0 || e.nestedKeys() ? fixed.length - 1 : fixed.length;
            if (parts.size() < n || n <= bestFixed) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = fixed[i].equals(parts.get(i));
            }
            int rest = parts.size() - n;
            boolean fits = e.nestedKeys() ? rest >= e.keys() : rest == e.keys();
            if (same && fits) {
                best = e;
                bestFixed = n;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new Match(best, List.copyOf(parts.subList(bestFixed, parts.size()))));
    }

    /** A reference resolved to its entry and the keys it names. */
    record Match(Entry entry, List<String> keys) {
        String read(Contact contact) {
            return entry.reader().apply(contact, keys);
        }
    }

    private static List<Entry> build() {
        List<Entry> e = new ArrayList<>();
        // System attributes.
        fixed(e, "AwsRegion", "the region in the instance ARN", c -> region(c.data().instanceArn().orElse(null)));
        fixed(e, "InstanceARN", "the instance", c -> c.data().instanceArn().orElse(null));
        fixed(e, "CustomerEndpoint.Address", "the caller's number", c -> c.customerEndpoint().address());
        fixed(e, "CustomerEndpoint.Type", "TELEPHONE_NUMBER", c -> c.customerEndpoint().type());
        fixed(e, "CustomerEndpoint.DisplayName", "empty (email only)", c -> null);
        fixed(e, "CustomerId", "set by UpdateContactData", c -> c.data().detail("CustomerId").orElse(null));
        fixed(e, "SystemEndpoint.Address", "the dialled number", c -> c.systemEndpoint().address());
        fixed(e, "SystemEndpoint.Type", "TELEPHONE_NUMBER", c -> c.systemEndpoint().type());
        fixed(e, "SystemEndpoint.DisplayName", "empty (email only)", c -> null);
        fixed(e, "CustomerCallbackNumber", "the callback number", Contact::callbackNumber);
        fixed(e, "StoredCustomerInput", "the last stored input", c -> c.storedCustomerInput().orElse(null));
        fixed(e, "Queue.Name", "the working queue", c -> c.queue().map(QueueRef::name).orElse(null));
        fixed(e, "Queue.ARN", "the working queue", c -> c.queue().map(QueueRef::arn).orElse(null));
        fixed(e, "Queue.OutboundCallerId.Address", "empty (queues have no outbound caller ID here)", c -> null);
        fixed(e, "Queue.OutboundCallerId.Type", "empty (queues have no outbound caller ID here)", c -> null);
        fixed(e, "TextToSpeechVoiceId", "the contact's voice", Contact::textToSpeechVoice);
        fixed(e, "ContactId", "the contact", c -> c.id().toString());
        fixed(e, "InitialContactId", "the contact", c -> c.initialContactId().toString());
        fixed(e, "PreviousContactId", "the contact", c -> c.previousContactId().map(Object::toString).orElse(null));
        fixed(e, "Task.ContactId", "empty (tasks are not available)", c -> null);
        fixed(e, "Channel", "VOICE", c -> c.channel().name());
        fixed(e, "InitiationMethod", "the contact", c -> c.initiationMethod().name());
        fixed(e, "Name", "set by UpdateContactData", c -> c.data().detail("Name").orElse(null));
        fixed(e, "Description", "set by UpdateContactData", c -> c.data().detail("Description").orElse(null));
        fixed(e, "LanguageCode", "set by UpdateContactData", c -> c.data().detail("LanguageCode").orElse(null));
        keyed(e, "References.*", 2, false, "set by UpdateContactData", (c, k) -> c.data().reference(k.get(0), k.get(1)).orElse(null));
        keyed(e, "SegmentAttributes.*", 1, false, "connect:Subtype is connect:Telephony",
                (c, k) -> k.get(0).equals("connect:Subtype") ? "connect:Telephony" : null);
        keyed(e, "AdditionalEmailRecipients.*", 0, true, "empty (email only)", (c, k) -> null);
        // Agent attributes: known once the contact is with an agent (whisper and hold flows).
        fixed(e, "Agent.UserName", "the contact's agent", c -> agent(c, FlowData.AgentRef::userName));
        fixed(e, "Agent.FirstName", "the contact's agent", c -> agent(c, FlowData.AgentRef::firstName));
        fixed(e, "Agent.LastName", "the contact's agent", c -> agent(c, FlowData.AgentRef::lastName));
        fixed(e, "Agent.ARN", "the contact's agent", c -> agent(c, FlowData.AgentRef::arn));
        // Queue metrics, from the last GetMetricData.
        fixed(e, "Metrics.Queue.Name", "GetMetricData", c -> c.data().metricsQueue().map(QueueRef::name).orElse(null));
        fixed(e, "Metrics.Queue.ARN", "GetMetricData", c -> c.data().metricsQueue().map(QueueRef::arn).orElse(null));
        for (String metric : List.of("Queue.Size", "Queue.OldestContactAge", "Agents.Online.Count",
                "Agents.Available.Count", "Agents.Staffed.Count", "Agents.AfterContactWork.Count",
                "Agents.Busy.Count", "Agents.Missed.Count", "Agents.NonProductive.Count")) {
            fixed(e, "Metrics." + metric, "GetMetricData",
                    c -> c.metrics().map(m -> m.byPath().get(metric)).orElse(null));
        }
        // Telephony metadata and media streams.
        keyed(e, "Media.Sip.Headers.*", 1, false, "empty (SIP headers are not passed to flows yet)", (c, k) -> null);
        keyed(e, "MediaStreams.*", 0, true, "empty (Kinesis Video Streams are not available)", (c, k) -> null);
        // Lex, Lambda, user-defined, flow, module and loop attributes.
        keyed(e, "Lex.*", 0, true, "empty (Amazon Lex is not available)", (c, k) -> null);
        keyed(e, "External.*", 1, true, "the last external function's reply", (c, k) -> json(c.external(), k));
        keyed(e, "Attributes.*", 1, false, "user-defined attributes", (c, k) -> c.attributes().get(k.get(0)));
        keyed(e, "FlowAttributes.*", 1, false, "UpdateFlowAttributes, this flow run",
                (c, k) -> c.data().flowAttributes().get(k.get(0)));
        keyed(e, "Modules.Input.*", 0, true, "InvokeFlowModule's Input, inside the module",
                (c, k) -> json(c.data().moduleInput(), k));
        fixed(e, "Modules.Result", "the branch the last module returned", c -> c.data().moduleResult().orElse(null));
        keyed(e, "Modules.ResultData.*", 0, true, "the last module's ResultData",
                (c, k) -> json(c.data().moduleResultData(), k));
        keyed(e, "Loop.*", 0, true, "empty (array loops are not supported)", (c, k) -> null);
        keyed(e, "Tags.*", 1, false, "TagContact", (c, k) -> c.data().tags().get(k.get(0)));
        // Attributes of services Switchboard does not have.
        keyed(e, "Customer.*", 0, true, "empty (Customer Profiles are not available)", (c, k) -> null);
        keyed(e, "Case.*", 0, true, "empty (Cases are not available)", (c, k) -> null);
        keyed(e, "Views.*", 0, true, "empty (views are not available)", (c, k) -> null);
        keyed(e, "Capabilities.*", 0, true, "empty (chat capabilities do not apply to voice)", (c, k) -> null);
        keyed(e, "DataTables.*", 0, true, "empty (data tables are not available)", (c, k) -> null);
        keyed(e, "DataTableList.*", 0, true, "empty (data tables are not available)", (c, k) -> null);
        keyed(e, "Wisdom.*", 0, true, "empty (Amazon Q in Connect is not available)", (c, k) -> null);
        return Collections.unmodifiableList(e);
    }

    private static void fixed(List<Entry> e, String path, String source, Function<Contact, String> reader) {
        e.add(new Entry(path, 0, false, source, (c, k) -> reader.apply(c)));
    }

    private static void keyed(List<Entry> e, String path, int keys, boolean nested, String source,
                              BiFunction<Contact, List<String>, String> reader) {
        e.add(new Entry(path, keys, nested, source, reader));
    }

    private static String agent(Contact c, Function<FlowData.AgentRef, String> part) {
        return c.data().agent().map(part).orElse(null);
    }

    private static String region(String instanceArn) {
        if (instanceArn == null) {
            return null;
        }
        String[] parts = instanceArn.split(":");
        return parts.length > 3 ? parts[3] : null;
    }

    private static String json(JsonNode root, List<String> keys) {
        JsonNode node = root;
        for (String key : keys) {
            node = node == null ? null : node.isArray() && key.matches("\\d+") ? node.get(Integer.parseInt(key)) : node.get(key);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
