package io.switchboard.routing.contact;

import java.util.Objects;
import java.util.Optional;

/**
 * A queue a contact can be placed in, as the flow engine sees it: its local name, its ARN-shaped id
 * and the hours of operation that {@code CheckHoursOfOperation} uses when a flow names none.
 */
public record QueueRef(String name, String arn, String hoursOfOperation) {

    public QueueRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
    }

    public Optional<String> hours() {
        return Optional.ofNullable(hoursOfOperation);
    }
}
