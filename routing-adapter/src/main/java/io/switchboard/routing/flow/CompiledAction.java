package io.switchboard.routing.flow;

import java.util.Objects;

/**
 * An action of a published flow: its definition as written, the block name flow logs show for it
 * ({@code ContactFlowModuleType}), and its program.
 */
public record CompiledAction(ActionDefinition definition, String moduleType, ActionProgram program) {

    public CompiledAction {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(moduleType, "moduleType");
        Objects.requireNonNull(program, "program");
    }
}
