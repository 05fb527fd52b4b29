package io.switchboard.config.bind;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value (or each element of a list) names an entry of another section: {@code section} is the
 * section's key path ({@code queues}, {@code agentHierarchy.groups}) or {@code flows} for flow files,
 * {@code what} is how messages call it ("unknown queue \"Sales\"").
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.METHOD, ElementType.FIELD})
public @interface Ref {
    String section();

    String what();
}
