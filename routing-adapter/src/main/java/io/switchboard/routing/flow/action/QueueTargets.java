package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionRuntime;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import java.util.Optional;

/** Turns a QueueId/AgentId parameter (or the working queue when there is none) into a queue. */
final class QueueTargets {

    private QueueTargets() {
    }

    static Optional<QueueRef> resolve(ActionRuntime rt, ResourceRef ref) {
        if (ref == null) {
            return rt.contact().queue();
        }
        Optional<String> name = ref.resolve(rt);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return ref.kind() == ReferenceKind.AGENT ? rt.catalog().agentQueue(name.get()) : rt.catalog().queue(name.get());
    }
}
