package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Range;

/** An HTTPS endpoint flows call for data dips (the role Lambda functions play in the reference product). */
public record ExternalFunction(
        String name,
        HttpsUrl url,
        @Default("3") @Range(min = 1, max = 60) int timeoutSeconds) {
}
