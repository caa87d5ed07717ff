package org.mysqldiscovery.cli.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.mysqldiscovery.sandbox.Sandbox;

/**
 * Gives tests one sandbox (ZooKeeper + schema {@code orders}: a primary and three replicas, real MariaDB with GTID
 * replication), shared by every MariaDB IT of this module: started on first use, closed when the test run ends.
 * Use with {@code @ExtendWith(SharedSandbox.class)} and a {@link Sandbox} parameter.
 */
public final class SharedSandbox implements ParameterResolver {
    public static final String SCHEMA = "orders";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        return store.getOrComputeIfAbsent(SharedSandbox.class, key -> new Holder(), Holder.class).sandbox;
    }

    @SuppressWarnings("deprecation") // CloseableResource for JUnit before 5.13; AutoCloseable after
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Sandbox sandbox = Sandbox.builder().schema(SCHEMA, 4).build().start();

        @Override
        public void close() {
            sandbox.close();
        }
    }
}
