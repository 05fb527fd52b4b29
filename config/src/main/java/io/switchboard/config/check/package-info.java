/**
 * Checks beyond binding: flow file shape, prompt audio format, names unique per section and rules
 * that span several keys of {@code instance.yaml}.
 */
package io.switchboard.config.check;
