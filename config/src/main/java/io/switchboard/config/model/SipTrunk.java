package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Range;
import java.util.List;

/**
 * A SIP trunk: who may send us calls ({@code inbound}), where we send calls ({@code outbound}),
 * how numbers are rewritten, the caller ID we present and how many calls it may carry at once
 * ({@code maxConcurrentCalls}, 0 = no limit).
 */
public record SipTrunk(
        String name,
        @Optional TrunkInbound inbound,
        @Optional TrunkOutbound outbound,
        List<NumberRule> numberRules,
        @Optional String callerIdName,
        @Optional E164 callerIdNumber,
        @Default("0") @Range(min = 0) int maxConcurrentCalls) {

    public SipTrunk {
        numberRules = List.copyOf(numberRules);
    }
}
