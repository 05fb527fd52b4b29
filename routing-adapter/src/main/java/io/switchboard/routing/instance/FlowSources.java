package io.switchboard.routing.instance;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.ContactFlow;
import io.switchboard.routing.flow.engine.FlowSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The flow files of an instance snapshot as sources for the flow library, in name order. */
public final class FlowSources {

    private FlowSources() {
    }

    public static List<FlowSource> of(InstanceConfig config) {
        List<FlowSource> sources = new ArrayList<>();
        config.flows().values().stream().sorted(Comparator.comparing(ContactFlow::name))
                .forEach(f -> sources.add(FlowSource.of(f.name(), f.file(), f.document())));
        return sources;
    }
}
