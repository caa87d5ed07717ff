package org.mysqldiscovery.common.http;

import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The Javalin customizer that serves HTTPS only: one Jetty connector with TLS on the configured address and port
 * (Javalin adds its plain connector only when none is configured).
 */
public final class TlsConnector {
    private TlsConnector() {
    }

    public static Consumer<JavalinConfig> customizer(HttpSettings http, TlsSettings tls) {
        return config -> config.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keystore());
            ssl.setKeyStorePassword(tls.keystorePasswordFile().value());
            ssl.setKeyStoreType(tls.keystoreType());
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            // Callers address the agent by IP as often as by name: the certificate check is the client's (--cacert).
            https.addCustomizer(new SecureRequestCustomizer(false));
            ServerConnector connector = new ServerConnector(server,
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
            connector.setHost(http.bindAddress());
            connector.setPort(http.port());
            return connector;
        });
    }
}
