package org.mysqldiscovery.common.lifecycle;

/** The explicit state of every long-lived component (as Curator's recipes do). */
public enum State {
    LATENT,
    STARTED,
    CLOSED
}
