package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.ExternalFunction;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Calls an external function (the local form of a Lambda) with the contact data and parameters; its
 * reply becomes {@code $.External} ("AWS Lambda function"). A timeout (8 s at most), a non-2xx answer
 * or a reply that is not the expected JSON takes the error branch, and {@code $.External} is cleared.
 */
public final class InvokeLambdaFunction extends ActionType {

    public InvokeLambdaFunction() {
        super("InvokeLambdaFunction", "InvokeExternalResource", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        String raw = ctx.required("LambdaFunctionARN");
        ResourceRef function = raw == null ? null : ctx.resource("LambdaFunctionARN", raw, ReferenceKind.FUNCTION);
        int seconds = ctx.integer(ctx.parameters(), "InvocationTimeLimitSeconds", 1, 8, 3);
        String type = ctx.text("InvocationType").orElse("SYNCHRONOUS");
        if (!type.equals("SYNCHRONOUS")) {
            ctx.problem("InvocationType " + type + " is not supported (only SYNCHRONOUS)");
        }
        String responseType = ctx.text(ctx.parameters().path("ResponseValidation"), "ResponseType").orElse("STRING_MAP");
        if (!responseType.equals("STRING_MAP") && !responseType.equals("JSON")) {
            ctx.problem("ResponseValidation ResponseType must be STRING_MAP or JSON, not '" + responseType + "'");
        }
        Map<String, TextTemplate> attributes = new LinkedHashMap<>();
        JsonNode given = ctx.parameters().path("LambdaInvocationAttributes");
        Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            TextTemplate value = ctx.template("LambdaInvocationAttributes." + field.getKey(), field.getValue().asText());
            if (value != null) {
                attributes.put(field.getKey(), value);
            }
        }
        if (function == null || ctx.failed()) {
            return null;
        }
        boolean flat = responseType.equals("STRING_MAP");
        Duration limit = Duration.ofSeconds(seconds);
        return rt -> {
            Optional<ExternalFunction> target = function.resolve(rt).flatMap(rt.catalog()::function);
            if (target.isEmpty()) {
                fail(rt, "no external function " + function);
                return;
            }
            Duration timeout = limit.compareTo(target.get().timeout()) < 0 ? limit : target.get().timeout();
            Map<String, String> parameters = new LinkedHashMap<>();
            attributes.forEach((k, v) -> parameters.put(k, v.render(rt.contact())));
            ObjectNode event = LambdaEvent.build(rt.contact(), rt.instanceArn(), parameters);
            // The engine's own timer keeps the 8 s promise even if an invoker never answers.
            Cancellable timer = rt.schedule(timeout, () -> fail(rt, "timed out after " + timeout.toMillis() + " ms"));
            rt.await(rt.functions().invoke(target.get(), event, timeout), (reply, failure) -> {
                timer.cancel();
                if (failure != null) {
                    fail(rt, failure.getMessage());
                    return;
                }
                String problem = check(reply, flat);
                if (problem != null) {
                    fail(rt, problem);
                    return;
                }
                rt.contact().setExternal(flat ? flatten(reply) : reply);
                rt.results(reply.toString());
                rt.next();
            });
        };
    }

    private static void fail(io.switchboard.routing.flow.ActionRuntime rt, String why) {
        rt.contact().setExternal(JsonNodeFactory.instance.objectNode());
        rt.error(Transitions.NO_MATCHING_ERROR, "external function: " + why);
    }

    /** Null when {@code reply} fits the response type, else why not. */
    static String check(JsonNode reply, boolean flat) {
        if (reply == null || !reply.isObject()) {
            return "reply is not a JSON object";
        }
        if (flat) {
            Iterator<Map.Entry<String, JsonNode>> fields = reply.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isValueNode()) {
                    return "STRING_MAP reply has a nested value for key " + field.getKey();
                }
            }
        }
        return null;
    }

    private static JsonNode flatten(JsonNode reply) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        reply.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        return out;
    }
}
