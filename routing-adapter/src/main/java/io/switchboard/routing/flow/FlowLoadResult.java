package io.switchboard.routing.flow;

import java.util.List;
import java.util.Optional;

/** The outcome of loading one flow: the flow when it is valid, otherwise every problem found. */
public record FlowLoadResult(String name, Flow flow, List<FlowProblem> problems) {

    public FlowLoadResult {
        problems = List.copyOf(problems);
        if ((flow == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("a load result has a flow or problems, not both");
        }
    }

    public boolean ok() {
        return flow != null;
    }

    public Optional<Flow> published() {
        return Optional.ofNullable(flow);
    }
}
