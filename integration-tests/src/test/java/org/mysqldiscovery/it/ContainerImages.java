package org.mysqldiscovery.it;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.containers.ContainerFetchException;
import org.testcontainers.containers.GenericContainer;

/**
 * Starting containers in tests: Docker may exist while its registry is out of reach (a build machine that only sees
 * a package mirror). A pull that fails skips the test and says why; anything else that fails is a failure.
 */
final class ContainerImages {

    private ContainerImages() {
    }

    static void startOrSkip(GenericContainer<?> container, String image) {
        try {
            container.start();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ContainerFetchException) {
                    Assumptions.abort("image " + image + " cannot be pulled here: " + cause.getMessage());
                }
            }
            throw e;
        }
    }
}
