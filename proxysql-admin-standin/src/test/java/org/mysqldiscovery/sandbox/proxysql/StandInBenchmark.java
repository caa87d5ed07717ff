package org.mysqldiscovery.sandbox.proxysql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * On-demand latency numbers of the stand-in (not run by the build), to compare with what was measured on a real
 * ProxySQL 2.7.1 (LOAD MYSQL SERVERS TO RUNTIME: 10 rows 4 ms, 1,000 rows 42 ms, 10,000 rows 371 ms; a 10,000-row
 * multi-row INSERT 61 ms). Run with the module's test classpath:
 * {@code java -cp ... org.mysqldiscovery.sandbox.proxysql.StandInBenchmark}.
 */
public final class StandInBenchmark {
    private StandInBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("stand-in-bench");
        try (ProxySqlAdminStandIn standIn = new ProxySqlAdminStandIn(StandInConfig.loopback(0, "admin", "pw",
                dataDir))) {
            standIn.start();
            String url = standIn.mariadbJdbcUrl();
            measure("connect + close (MariaDB Connector/J)", 300, () -> DriverManager.getConnection(url, "admin", "pw")
                    .close());
            try (Connection connection = DriverManager.getConnection(url, "admin", "pw");
                 Statement statement = connection.createStatement()) {
                measure("SELECT 1 round trip", 3000, () -> statement.executeQuery("SELECT 1").close());
                measure("isValid()", 3000, () -> connection.isValid(1));
                for (int rows : new int[] {10, 1_000, 10_000}) {
                    statement.executeUpdate("DELETE FROM mysql_servers");
                    measure("INSERT of " + rows + " rows in one statement", 5, () -> {
                        statement.executeUpdate("DELETE FROM mysql_servers");
                        statement.executeUpdate(multiRowInsert(rows));
                    });
                    measure("LOAD MYSQL SERVERS TO RUNTIME, " + rows + " rows", rows >= 10_000 ? 20 : 50,
                            () -> statement.execute("LOAD MYSQL SERVERS TO RUNTIME"));
                    measure("CHECKSUM MEMORY MYSQL SERVERS, " + rows + " rows", 20,
                            () -> statement.executeQuery("CHECKSUM MEMORY MYSQL SERVERS").close());
                    measure("SAVE MYSQL SERVERS TO DISK, " + rows + " rows", 10,
                            () -> statement.execute("SAVE MYSQL SERVERS TO DISK"));
                }
            }
        }
    }

    private static String multiRowInsert(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO mysql_servers (hostgroup_id, hostname, port) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append('(').append(i % 2000).append(", 'db").append(i).append("', 3306)");
        }
        return sql.toString();
    }

    private interface Action {
        void run() throws SQLException;
    }

    private static void measure(String name, int iterations, Action action) throws SQLException {
        for (int i = 0; i < Math.max(3, iterations / 10); i++) {
            action.run(); // warm-up
        }
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            action.run();
            histogram.recordValue((System.nanoTime() - start) / 1_000);
        }
        System.out.printf(Locale.ROOT, "%-48s n=%5d  p50 %8.2f ms  p99 %8.2f ms%n", name, iterations,
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0);
    }
}
