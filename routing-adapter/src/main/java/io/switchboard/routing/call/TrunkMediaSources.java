package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.media.api.MediaSourcePolicy;

/** Which RTP sources the relay admits for a leg on a trunk: the trunk's {@code rtpSource}. */
final class TrunkMediaSources {

    private TrunkMediaSources() {
    }

    static MediaSourcePolicy of(SipTrunk trunk) {
        return switch (trunk.rtpSource()) {
            case SDP -> MediaSourcePolicy.SIGNALLED_ONLY;
            case NAT -> MediaSourcePolicy.LEARN_BEHIND_NAT;
            case LEARN -> MediaSourcePolicy.LEARN;
        };
    }

    /** The policy of the trunk named {@code trunk}; the default one for a trunk the instance no longer has. */
    static MediaSourcePolicy of(InstanceConfig instance, String trunk) {
        return instance.trunk(trunk).map(TrunkMediaSources::of).orElse(MediaSourcePolicy.LEARN_BEHIND_NAT);
    }
}
