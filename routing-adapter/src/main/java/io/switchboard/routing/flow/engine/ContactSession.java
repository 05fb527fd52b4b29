package io.switchboard.routing.flow.engine;

import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.flow.Flow;
import java.util.HashMap;
import java.util.Map;

/**
 * A contact's flow state inside the engine: the flow running for it (if any), why it runs (inbound
 * or an event hook), the action being executed and the loop counters of this run. A few fields, no
 * thread: the engine advances it when events arrive. Owned by the engine thread.
 */
final class ContactSession {

    final Contact contact;
    Flow flow;
    /** Null while the contact's own (inbound/transfer) flow runs; the hook otherwise. */
    EventHook hook;
    Step current;
    final Map<String, Integer> loopCounters = new HashMap<>();
    /** The callers of the flow modules running now, innermost last. */
    final java.util.ArrayDeque<ModuleFrame> modules = new java.util.ArrayDeque<>();

    ContactSession(Contact contact) {
        this.contact = contact;
    }

    /** Starts {@code next} afresh: no module stack, no loop counters, no flow attributes. */
    void enter(Flow next, EventHook why) {
        flow = next;
        hook = why;
        loopCounters.clear();
        modules.clear();
        contact.data().swapFlowAttributes(Map.of());
    }

    /** Runs {@code module} for the action {@code invoker} of the current flow, keeping the caller's state. */
    void enterModule(Flow module, io.switchboard.routing.flow.CompiledAction invoker,
                     com.fasterxml.jackson.databind.JsonNode input) {
        modules.addLast(new ModuleFrame(flow, invoker, new HashMap<>(loopCounters),
                contact.data().swapFlowAttributes(Map.of()), contact.data().swapModuleInput(input)));
        flow = module;
        loopCounters.clear();
    }

    /** Back in the caller of the module that ended; null when no module runs. */
    ModuleFrame leaveModule() {
        ModuleFrame frame = modules.pollLast();
        if (frame != null) {
            flow = frame.caller();
            loopCounters.clear();
            loopCounters.putAll(frame.loopCounters());
            contact.data().swapFlowAttributes(frame.flowAttributes());
            contact.data().swapModuleInput(frame.moduleInput());
        }
        return frame;
    }

    /** What a module call put aside: the calling flow, the invoking action and the caller's run state. */
    record ModuleFrame(Flow caller, io.switchboard.routing.flow.CompiledAction invoker,
                       Map<String, Integer> loopCounters, Map<String, String> flowAttributes,
                       com.fasterxml.jackson.databind.JsonNode moduleInput) {
    }

    /** Leaves the current action without an outcome (hang-up, another flow taking over). */
    void interrupt() {
        Step step = current;
        current = null;
        if (step != null) {
            step.abandon();
        }
    }
}
