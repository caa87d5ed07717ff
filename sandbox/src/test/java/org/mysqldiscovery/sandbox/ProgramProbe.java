package org.mysqldiscovery.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Stands in for an agent in {@link ProgramLauncherIT}: echoes its arguments and config, then runs until signalled. */
public final class ProgramProbe {

    private ProgramProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.out.println("args: " + String.join(" ", args));
        if (args.length >= 2 && args[0].equals("--config")) {
            System.out.println("config: " + Files.readString(Path.of(args[1])).trim());
        }
        System.out.println("heap: " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
