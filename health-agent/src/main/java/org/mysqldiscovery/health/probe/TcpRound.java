package org.mysqldiscovery.health.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.mysqldiscovery.health.check.CheckNames;
import org.mysqldiscovery.health.check.CheckResult;
import org.mysqldiscovery.health.check.CheckStatus;
import org.mysqldiscovery.health.check.FencingOutcome;
import org.mysqldiscovery.health.check.RoundResult;
import org.mysqldiscovery.health.check.Target;

/** tcp mode (ProxySQL hosts): the round is one connection attempt to the port, within the check timeout. */
public final class TcpRound implements RoundRunner {
    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final Clock clock;

    public TcpRound(String host, int port, int timeoutMillis, Clock clock) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        this.clock = clock;
    }

    @Override
    public RoundResult run(long seq, Target target, boolean quarantined) {
        Instant started = clock.instant();
        long t = System.nanoTime();
        CheckResult result;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            result = new CheckResult(CheckNames.TCP, CheckStatus.PASS, host + ":" + port + " accepts connections",
                    (System.nanoTime() - t) / 1_000_000);
        } catch (IOException e) {
            result = new CheckResult(CheckNames.TCP, CheckStatus.FAIL, host + ":" + port
                    + " does not accept connections: " + Errors.describe(e), (System.nanoTime() - t) / 1_000_000);
        }
        return new RoundResult(seq, target, List.of(result), FencingOutcome.notNeeded(started), started,
                clock.instant());
    }

    @Override
    public long boundMillis() {
        return timeoutMillis;
    }

    @Override
    public void close() {
        // nothing held between rounds
    }
}
