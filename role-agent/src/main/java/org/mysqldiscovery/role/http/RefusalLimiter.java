package org.mysqldiscovery.role.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a refused (unauthenticated) request costs, per caller: a token bucket decides whether it is answered 401
 * or, past the burst, 429 (no token check, nothing written per request); and only the first few refusals per caller
 * per summary interval are written to the audit log and the program log one by one, the rest are counted into one
 * summary line per interval ({@link #drain()}). So a flood costs a bounded number of bytes on disk per interval,
 * whatever its rate. Pure: the caller passes the time; thread-safe.
 *
 * <p>Authenticated requests never pass through here: a token holder on the same address as a flood (a shared
 * Orchestrator host, loopback) is not limited by it. Brute-forcing the token is out of reach anyway (at least 16
 * characters of 66), so the limit is about disk and CPU, not guessing.
 */
public final class RefusalLimiter {
    /** Callers tracked one by one at most; past that, new callers share the entry {@value #OTHERS}. */
    static final int MAX_CALLERS = 1024;
    static final String OTHERS = "(other callers)";

    /** What to do with one refused request. */
    public enum Verdict {
        /** Answer 401 and write it to the audit log and the program log. */
        REFUSE_IN_FULL,
        /** Answer 401; count it into the summary line only. */
        REFUSE_COUNTED,
        /** Answer 429 at once; count it into the summary line only. */
        LIMIT
    }

    /** One caller's refusals in an interval, for the summary line. */
    public record CallerCount(String caller, long refused, long limited, long writtenInFull) {
    }

    private final int burst;
    private final double perNano;
    private final int inFullPerInterval;
    private final Map<String, Bucket> callers = new HashMap<>();

    public RefusalLimiter(int burst, int perSecond, int inFullPerInterval) {
        if (burst < 1 || perSecond < 1 || inFullPerInterval < 0) {
            throw new IllegalArgumentException("burst and perSecond must be at least 1, inFullPerInterval at least 0");
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.inFullPerInterval = inFullPerInterval;
    }

    public synchronized Verdict refuse(String caller, long nowNanos) {
        String key = caller == null ? "(unknown)" : caller;
        Bucket bucket = callers.get(key);
        if (bucket == null) {
            if (callers.size() >= MAX_CALLERS) {
                key = OTHERS;
                bucket = callers.get(OTHERS);
            }
            if (bucket == null) {
                bucket = new Bucket(burst, nowNanos);
                callers.put(key, bucket);
            }
        }
        bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.refilledAt) * perNano);
        bucket.refilledAt = nowNanos;
        if (bucket.tokens < 1) {
            bucket.limited++;
            return Verdict.LIMIT;
        }
        bucket.tokens -= 1;
        if (bucket.inFull < inFullPerInterval) {
            bucket.inFull++;
            return Verdict.REFUSE_IN_FULL;
        }
        bucket.refused++;
        return Verdict.REFUSE_COUNTED;
    }

    /**
     * The interval's counts of callers with refusals not written one by one (most first), and a new interval. A
     * caller whose allowance is full again and who made no request in the interval is forgotten.
     */
    public synchronized List<CallerCount> drain(long nowNanos) {
        List<CallerCount> counts = new ArrayList<>();
        callers.entrySet().removeIf(entry -> {
            Bucket b = entry.getValue();
            if (b.refused > 0 || b.limited > 0) {
                counts.add(new CallerCount(entry.getKey(), b.refused, b.limited, b.inFull));
            }
            boolean idle = b.refused == 0 && b.limited == 0 && b.inFull == 0;
            b.refused = 0;
            b.limited = 0;
            b.inFull = 0;
            double tokens = Math.min(burst, b.tokens + (nowNanos - b.refilledAt) * perNano);
            return idle && tokens >= burst;
        });
        counts.sort(Comparator.comparingLong((CallerCount c) -> c.refused() + c.limited()).reversed());
        return counts;
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;
        long refused;
        long limited;
        long inFull;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }
}
