package io.switchboard.config.model;

import io.switchboard.config.bind.Range;

/**
 * One proficiency of an agent, as Amazon Connect's UserProficiency has it: a value of a predefined attribute
 * and a level from 1 (least) to 5 (most). Routing criteria compare contacts' requirements with these.
 */
public record UserProficiency(String attributeName, String attributeValue, @Range(min = 1, max = 5) int level) {
}
