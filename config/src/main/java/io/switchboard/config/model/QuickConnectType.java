package io.switchboard.config.model;

/** What a quick connect transfers to: an agent (by username), a queue (by name), or an external E.164 number. */
public enum QuickConnectType {
    AGENT, QUEUE, EXTERNAL
}
