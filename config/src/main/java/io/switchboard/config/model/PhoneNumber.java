package io.switchboard.config.model;

import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Ref;

/** A DID claimed by the instance and the contact flow that answers calls to it. */
public record PhoneNumber(E164 number, @Ref(section = "flows", what = "flow") String flow, @Optional String description) {
}
