package io.switchboard.config.model;

/** Which numbers a normalisation rule rewrites: called numbers of inbound calls, or dialled numbers of outbound calls. */
public enum NumberDirection {
    INBOUND, OUTBOUND
}
