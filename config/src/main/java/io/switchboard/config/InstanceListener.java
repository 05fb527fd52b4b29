package io.switchboard.config;

import io.switchboard.config.InstanceConfig;
import java.util.List;

/** Told about reloads of an instance directory; called on the watcher's thread, so keep it short. */
public interface InstanceListener {

    /** A new valid snapshot replaced {@code previous}; both stay valid for holders of either. */
    void onReload(InstanceConfig previous, InstanceConfig current);

    /** A changed directory failed validation; the running snapshot was kept. */
    default void onReloadRejected(List<ConfigProblem> problems) {
    }
}
