package org.mysqldiscovery.common.http;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.SecretFile;

/**
 * Optional HTTPS for the API (config key {@code tls}): the agent then serves only HTTPS on {@code http.bindAddress}
 * and {@code http.port}.
 *
 * @param keystore             path of the key store holding the server key and certificate chain
 * @param keystorePasswordFile file holding the key store password
 * @param keystoreType         {@code PKCS12} (default) or {@code JKS}
 */
public record TlsSettings(String keystore, SecretFile keystorePasswordFile, String keystoreType) {
    public TlsSettings {
        if (keystore == null || keystore.isBlank()) {
            throw new FieldException("keystore", "is required");
        }
        if (!Files.isReadable(Path.of(keystore))) {
            throw new FieldException("keystore", keystore + " does not exist or cannot be read");
        }
        if (keystorePasswordFile == null) {
            throw new FieldException("keystorePasswordFile", "is required");
        }
        keystoreType = keystoreType == null ? "PKCS12" : keystoreType;
        if (!keystoreType.equals("PKCS12") && !keystoreType.equals("JKS")) {
            throw new FieldException("keystoreType", "must be PKCS12 or JKS");
        }
    }
}
