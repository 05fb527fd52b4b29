package io.switchboard.config;

/** Log line format: human-readable text, or one JSON object per line for log shippers. */
public enum LogFormat {
    TEXT, JSON
}
