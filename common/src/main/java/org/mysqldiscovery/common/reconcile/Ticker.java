package org.mysqldiscovery.common.reconcile;

/** A monotonic clock in nanoseconds (System.nanoTime's scale); tests drive a fake one. */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
