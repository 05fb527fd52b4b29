package io.switchboard.config.model;

/** How an agent takes calls: the browser softphone, or a desk phone dialled through a trunk. */
public enum PhoneType {
    SOFTPHONE, DESK
}
