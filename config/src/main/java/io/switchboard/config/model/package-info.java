/**
 * The instance model: immutable records, one per part of {@code instance.yaml}, whose component names
 * are the YAML keys, plus the value types (E.164 numbers, CIDR blocks, bcrypt hashes) that check
 * themselves when parsed. The root is {@code io.switchboard.config.InstanceConfig}.
 */
package io.switchboard.config.model;
