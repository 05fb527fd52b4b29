package io.switchboard.routing.flow;

/** Compiles actions by their {@code Type}; implemented by the table of supported actions. */
public interface ActionCompiler {

    /**
     * Checks the action {@code context} holds and compiles it; returns null after reporting at least one
     * problem to {@code context} when the action cannot run (unknown or unsupported type, bad parameters).
     */
    CompiledAction compile(CompileContext context);
}
