package org.mysqldiscovery.common.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The explicit state of one long-lived component ({@link State}: LATENT → STARTED → CLOSED, as Curator's recipes
 * do): {@link #start()} once, close as often as callers like, and only the first close does the work.
 */
public final class Lifecycle {
    private final String component;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);

    /** @param component what it is, for the error of a second start ("sync already STARTED") */
    public Lifecycle(String component) {
        this.component = component;
    }

    /** LATENT → STARTED; a second start, or a start after close, is a bug of the caller. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException(component + " already " + state.get());
        }
    }

    /** LATENT → STARTED if it still is LATENT; false (and nothing changes) otherwise. */
    public boolean tryStart() {
        return state.compareAndSet(State.LATENT, State.STARTED);
    }

    /** → CLOSED; true only for the first call (started or not): that caller releases what there is. */
    public boolean close() {
        return state.getAndSet(State.CLOSED) != State.CLOSED;
    }

    /** → CLOSED; true only when this call stopped a started component (a never-started one has nothing to stop). */
    public boolean closeStarted() {
        return state.getAndSet(State.CLOSED) == State.STARTED;
    }

    public State state() {
        return state.get();
    }

    public boolean started() {
        return state.get() == State.STARTED;
    }
}
