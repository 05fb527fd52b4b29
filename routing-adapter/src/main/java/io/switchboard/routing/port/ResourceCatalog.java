package io.switchboard.routing.port;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.hours.HoursOfOperation;
import java.util.Optional;

/**
 * The instance's named resources that flows refer to, looked up by local name. Implemented by the
 * wiring over the instance configuration; lookups are in-memory and safe from any thread.
 */
public interface ResourceCatalog {

    boolean hasPrompt(String name);

    Optional<QueueRef> queue(String name);

    /** The personal queue of the agent with this user name (for a working queue set by agent). */
    Optional<QueueRef> agentQueue(String agentName);

    Optional<HoursOfOperation> hours(String name);

    Optional<ExternalFunction> function(String name);
}
