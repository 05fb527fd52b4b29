package io.switchboard.server.callback;

import io.switchboard.config.InstanceConfig;
import io.switchboard.control.auth.Authenticator;
import io.switchboard.control.auth.Caller;
import io.switchboard.control.http.HttpException;
import io.switchboard.control.http.HttpMethod;
import io.switchboard.control.http.HttpResponse;
import io.switchboard.control.http.HttpRoutes;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.contact.ContactId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/callbacks}: creates a queued callback as a flow's CreateCallbackContact does, for callers
 * whose security profile grants {@value #PERMISSION} (a callback dials a customer, as an outbound call does).
 * The body names the queue and the number, and optionally the live contact it replaces ({@code contactId}: the
 * callback takes that caller's place in their queue and the caller is hung up) and the block's delays and
 * attempts; the answer is {@code {"ContactId"}} of the callback.
 */
public final class CallbackRoutes {

    public static final String PATH = "/api/callbacks";
    static final String PERMISSION = "OutboundCallAccess";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackRoutes.class);
    /** The flow language's bounds for CreateCallbackContact's parameters. */
    private static final int MAX_DELAY_SECONDS = 259_200;
    private static final int MAX_ATTEMPTS = 100;

    /** The body; every field but {@code queue} and {@code number} is optional. */
    record CallbackBody(String queue, String number, String contactId, Integer initialCallDelaySeconds,
                        Integer maximumConnectionAttempts, Integer retryDelaySeconds) {
    }

    private CallbackRoutes() {
    }

    public static void add(HttpRoutes routes, Authenticator authenticator, ContactCenter center,
                           Supplier<InstanceConfig> instance) {
        routes.addAsync(HttpMethod.POST, PATH, request -> {
            Optional<Caller> caller = authenticator.caller(request);
            if (caller.isEmpty()) {
                return CompletableFuture.completedFuture(Authenticator.unauthorized(request));
            }
            if (!instance.get().grants(caller.get().user(), PERMISSION)) {
                LOG.info("user {} refused a callback: no {} permission", caller.get().username(), PERMISSION);
                return CompletableFuture.completedFuture(HttpResponse.error(403,
                        "creating callbacks needs the " + PERMISSION + " permission in one of your security profiles"));
            }
            CallbackBody body = request.json(CallbackBody.class);
            if (blank(body.queue()) || blank(body.number())) {
                throw new HttpException(400, "queue and number are required, as {\"queue\":\"Sales\",\"number\":\"+15550142\"}");
            }
            ContactId previous = null;
            if (!blank(body.contactId())) {
                try {
                    previous = ContactId.parse(body.contactId().trim());
                } catch (IllegalArgumentException e) {
                    throw new HttpException(400, "contactId is not a contact id: " + body.contactId());
                }
            }
            int delay = bounded("initialCallDelaySeconds", body.initialCallDelaySeconds(), 1, MAX_DELAY_SECONDS, 1);
            int attempts = bounded("maximumConnectionAttempts", body.maximumConnectionAttempts(), 1, MAX_ATTEMPTS, 1);
            int retry = bounded("retryDelaySeconds", body.retryDelaySeconds(), 1, MAX_DELAY_SECONDS, 600);
            return center.createCallback(body.queue().trim(), body.number().trim(), previous, Duration.ofSeconds(delay),
                    attempts, Duration.ofSeconds(retry)).handle((contact, error) -> {
                if (error == null) {
                    return HttpResponse.json(200, Map.of("ContactId", contact.toString()));
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof IllegalArgumentException) {
                    return HttpResponse.error(400, cause.getMessage());
                }
                LOG.warn("callback for {} not created: {}", caller.get().username(), cause.toString());
                return HttpResponse.error(500, "the callback was not created");
            });
        });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static int bounded(String field, Integer value, int min, int max, int fallback) throws HttpException {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new HttpException(400, field + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}
