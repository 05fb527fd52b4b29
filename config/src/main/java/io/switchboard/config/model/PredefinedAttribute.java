package io.switchboard.config.model;

import java.util.List;

/**
 * A predefined attribute of the instance (Amazon Connect's "predefined attributes", such as
 * {@code Language: [English, Spanish]}): the names and values agents' proficiencies and contacts' routing
 * criteria are made of.
 */
public record PredefinedAttribute(String name, List<String> values) {
    public PredefinedAttribute {
        values = List.copyOf(values);
    }
}
