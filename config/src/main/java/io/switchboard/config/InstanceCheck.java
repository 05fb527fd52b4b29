package io.switchboard.config;

import java.util.List;

/**
 * A check contributed by a module that understands part of the instance better than this one, such
 * as the routing adapter knowing which flow actions it supports. Checks run after the instance has
 * passed every check of its own (so names resolve), at start-up and on every reload, and their
 * problems join the same {@link LoadResult}. Use {@link io.switchboard.config.model.ContactFlow#lineOf}
 * to point problems in flow files at their line.
 */
@FunctionalInterface
public interface InstanceCheck {

    /** Every problem found in {@code config}; empty when it is fine. */
    List<ConfigProblem> check(InstanceConfig config);
}
