package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.Endpoint;
import java.util.Map;

/**
 * Builds the JSON event an external function receives, shaped like the event Amazon Connect sends a
 * Lambda ({@code Details.ContactData}, {@code Details.Parameters}, {@code Name: ContactFlowEvent}),
 * so functions written for Connect read it unchanged.
 */
public final class LambdaEvent {

    private LambdaEvent() {
    }

    public static ObjectNode build(Contact contact, String instanceArn, Map<String, String> parameters) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode data = f.objectNode();
        ObjectNode attributes = data.putObject("Attributes");
        contact.attributes().forEach(attributes::put);
        data.put("Channel", contact.channel().name());
        data.put("ContactId", contact.id().toString());
        data.set("CustomerEndpoint", endpoint(contact.customerEndpoint()));
        data.put("InitialContactId", contact.initialContactId().toString());
        data.put("InitiationMethod", contact.initiationMethod().name());
        data.put("InstanceARN", instanceArn);
        data.put("PreviousContactId", contact.previousContactId().orElse(contact.id()).toString());
        if (contact.queue().isPresent()) {
            ObjectNode queue = data.putObject("Queue");
            queue.put("ARN", contact.queue().get().arn());
            queue.put("Name", contact.queue().get().name());
        } else {
            data.putNull("Queue");
        }
        data.set("SystemEndpoint", endpoint(contact.systemEndpoint()));
        contact.storedCustomerInput().ifPresent(v -> data.put("StoredCustomerInput", v));
        ObjectNode event = f.objectNode();
        ObjectNode details = event.putObject("Details");
        details.set("ContactData", data);
        ObjectNode params = details.putObject("Parameters");
        parameters.forEach(params::put);
        event.put("Name", "ContactFlowEvent");
        return event;
    }

    private static ObjectNode endpoint(Endpoint endpoint) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("Address", endpoint.address());
        node.put("Type", endpoint.type());
        return node;
    }
}
