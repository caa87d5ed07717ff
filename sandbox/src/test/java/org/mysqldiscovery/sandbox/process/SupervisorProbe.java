package org.mysqldiscovery.sandbox.process;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that owns two children and waits forever: the subject of {@link SupervisorShutdownIT}.
 * Prints {@code ready <pid> <pid>} once the children run.
 */
public final class SupervisorProbe {

    private SupervisorProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        ProcessSupervisor supervisor = new ProcessSupervisor(dir);
        // Like mysqld or an agent, each child's command line names the sandbox directory; each has a child of its own.
        ChildProcess first = supervisor.launch(ProcessSpec.of("first",
                List.of("sh", "-c", "sleep 300 & wait", dir.toString()), dir, dir.resolve("first.log")));
        ChildProcess second = supervisor.launch(ProcessSpec.of("second",
                List.of("sh", "-c", "sleep 300 & wait", dir.toString()), dir, dir.resolve("second.log")));
        System.out.println("ready " + first.pid() + " " + second.pid());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
