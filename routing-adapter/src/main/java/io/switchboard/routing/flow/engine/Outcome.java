package io.switchboard.routing.flow.engine;

/** How an action left the flow; the engine acts on it after the action's step is closed. */
sealed interface Outcome {

    /** Continue at another action of the same flow. */
    record GoTo(String actionId) implements Outcome {
    }

    /** The flow ended without a hang-up (EndFlowExecution). */
    record EndFlow() implements Outcome {
    }

    /** Hang up the caller (DisconnectParticipant). */
    record Disconnect() implements Outcome {
    }

    /** Continue at the start of another flow. */
    record TransferFlow(String flowName) implements Outcome {
    }

    /** Run a flow module; {@code invoker}'s transitions apply when it returns. */
    record InvokeModule(String moduleName, com.fasterxml.jackson.databind.JsonNode input,
                        io.switchboard.routing.flow.CompiledAction invoker) implements Outcome {
    }

    /** The running module ended: continue after the action that invoked it. */
    record ModuleReturn(String result, com.fasterxml.jackson.databind.JsonNode data) implements Outcome {
    }

    /** The router queued the contact: start its customer queue flow. */
    record Queued() implements Outcome {
    }

    /** The caller now talks to a third party; no flow runs until told otherwise. */
    record HandedOff() implements Outcome {
    }

    /** No branch to take: the contact is disconnected, as an unhandled error ends a call in Connect. */
    record Fail(String reason) implements Outcome {
    }
}
