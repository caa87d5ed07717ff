package org.mysqldiscovery.health.check;

/** How far behind a replica is, as measured this round. */
public sealed interface LagReading permits LagReading.Heartbeat, LagReading.HeartbeatError, LagReading.SecondsBehind {

    /** From the heartbeat table: now minus the newest heartbeat, by the replica's clock (negative: in the future). */
    record Heartbeat(String table, long lagMillis) implements LagReading {
    }

    /** The heartbeat table is configured but could not be read (missing, empty, garbage). */
    record HeartbeatError(String table, String message) implements LagReading {
    }

    /** No heartbeat table configured: the server's own estimate. */
    record SecondsBehind() implements LagReading {
    }
}
