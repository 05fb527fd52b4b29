package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.CompiledAction;
import io.switchboard.routing.flow.Transitions;
import java.util.Set;

/**
 * One action type of the flow language: its {@code Type} name, the error types it may branch on, and
 * how to check and compile its parameters. Subclasses are stateless singletons.
 */
public abstract class ActionType {

    private final String name;
    private final String moduleType;
    private final Set<String> errorTypes;

    protected ActionType(String name, String moduleType, String... errorTypes) {
        this.name = name;
        this.moduleType = moduleType;
        this.errorTypes = Set.of(errorTypes);
    }

    /** The {@code Type} value, e.g. {@code MessageParticipant}. */
    public final String name() {
        return name;
    }

    /** The error types a flow may give this action a branch for. */
    public final Set<String> errorTypes() {
        return errorTypes;
    }

    /** Checks the action's transitions and parameters; null after reporting problems. */
    public final CompiledAction compile(CompileContext ctx) {
        for (String errorType : ctx.transitions().errors().keySet()) {
            if (!errorTypes.contains(errorType)) {
                ctx.problem("error type " + errorType + " is not one of " + name + "'s "
                        + (errorTypes.isEmpty() ? "(it has none)" : new java.util.TreeSet<>(errorTypes).toString()));
            }
        }
        ActionProgram program = compileProgram(ctx);
        if (program == null || ctx.failed()) {
            return null;
        }
        return new CompiledAction(ctx.definition(), moduleType(ctx), program);
    }

    /** The block name flow logs show; some types show different blocks depending on parameters. */
    protected String moduleType(CompileContext ctx) {
        return moduleType;
    }

    /** Checks parameters and type-specific transition rules, reporting to {@code ctx}; returns the program. */
    protected abstract ActionProgram compileProgram(CompileContext ctx);

    /** Reports conditions on an action whose result cannot be compared. */
    protected static void noConditions(CompileContext ctx) {
        if (!ctx.transitions().conditions().isEmpty()) {
            ctx.problem("conditions are not supported on " + ctx.definition().type());
        }
    }

    /**
     * Branching actions need somewhere to go when no condition matches: a NoMatchingCondition branch or
     * a NextAction.
     */
    protected static void requireNoMatchBranch(CompileContext ctx) {
        Transitions t = ctx.transitions();
        if (!t.errors().containsKey(Transitions.NO_MATCHING_CONDITION) && t.next().isEmpty()) {
            ctx.problem("missing transition for NoMatchingCondition (an error branch or NextAction)");
        }
    }
}
