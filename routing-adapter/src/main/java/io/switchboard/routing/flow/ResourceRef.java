package io.switchboard.routing.flow;

import io.switchboard.routing.contact.Contact;
import java.util.Objects;
import java.util.Optional;

/**
 * A parameter naming a resource: either resolved when the flow loaded (a local name known to exist) or
 * dynamic (a reference read from the contact when the action runs, resolved and checked then).
 */
public record ResourceRef(ReferenceKind kind, String localName, AttributePath dynamic) {

    public ResourceRef {
        Objects.requireNonNull(kind, "kind");
        if ((localName == null) == (dynamic == null)) {
            throw new IllegalArgumentException("a reference is either static or dynamic");
        }
    }

    public static ResourceRef fixed(ReferenceKind kind, String localName) {
        return new ResourceRef(kind, localName, null);
    }

    public static ResourceRef dynamic(ReferenceKind kind, AttributePath path) {
        return new ResourceRef(kind, null, path);
    }

    /** The local name for this run: the static one, or the dynamic value resolved through {@code runtime}. */
    public Optional<String> resolve(ActionRuntime runtime) {
        if (localName != null) {
            return Optional.of(localName);
        }
        Contact contact = runtime.contact();
        return dynamic.read(contact).filter(v -> !v.isEmpty()).flatMap(v -> runtime.resolve(kind, v));
    }

    @Override
    public String toString() {
        return localName != null ? localName : dynamic.toString();
    }
}
