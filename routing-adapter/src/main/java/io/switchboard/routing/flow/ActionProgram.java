package io.switchboard.routing.flow;

/** The compiled, ready-to-run form of one action; its parameters were checked when the flow loaded. */
@FunctionalInterface
public interface ActionProgram {

    /**
     * Runs the action for the contact behind {@code runtime}. It either ends with one outcome call
     * ({@code next}, {@code branch}, {@code error}, ...) or registers what it waits for and returns.
     */
    void run(ActionRuntime runtime);
}
