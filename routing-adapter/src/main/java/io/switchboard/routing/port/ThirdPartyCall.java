package io.switchboard.routing.port;

import java.util.concurrent.CompletionStage;

/** An outgoing call to a third party, bridged with the caller once answered. */
public interface ThirdPartyCall {

    /** Completes when the third party answers (and is bridged); exceptionally when the call fails. */
    CompletionStage<Void> answered();

    /** Completes when the third party leaves after having answered, the caller still connected. */
    CompletionStage<Void> ended();

    /** Abandons the attempt (or hangs up the third party); idempotent. */
    void cancel();
}
