package org.mysqldiscovery.common.zk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mysqldiscovery.common.config.SecretFile;

/**
 * One fresh identity per kind of program, with random passwords in owner-only files of a directory: what the sandbox
 * and the tests run with, and what a new deployment can start from ({@code mysql-discovery zk-acl generate}).
 */
public final class SuiteIdentities {
    private final Map<ZkIdentities.Kind, ZkSettings.Auth> auths;
    private final ZkIdentities identities;

    private SuiteIdentities(Map<ZkIdentities.Kind, ZkSettings.Auth> auths, ZkIdentities identities) {
        this.auths = auths;
        this.identities = identities;
    }

    /** Writes {@code <program>.zk-password} for each kind into {@code dir} (created if needed). */
    public static SuiteIdentities generate(Path dir) {
        SecureRandom random = new SecureRandom();
        Map<ZkIdentities.Kind, String> users = new EnumMap<>(ZkIdentities.Kind.class);
        Map<ZkIdentities.Kind, Path> files = new EnumMap<>(ZkIdentities.Kind.class);
        Map<ZkIdentities.Kind, String> digests = new EnumMap<>(ZkIdentities.Kind.class);
        try {
            Files.createDirectories(dir);
            for (ZkIdentities.Kind kind : ZkIdentities.Kind.values()) {
                byte[] bytes = new byte[24];
                random.nextBytes(bytes);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                Path file = dir.resolve(kind.program() + ".zk-password");
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, password + "\n");
                users.put(kind, kind.program());
                files.put(kind, file);
                digests.put(kind, ZkClientFactory.digest(kind.program(), password));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ZooKeeper passwords into " + dir, e);
        }
        ZkIdentities identities = new ZkIdentities(List.of(digests.get(ZkIdentities.Kind.HEALTH_AGENT)),
                List.of(digests.get(ZkIdentities.Kind.ROLE_AGENT)), List.of(digests.get(ZkIdentities.Kind.SYNC)),
                List.of(digests.get(ZkIdentities.Kind.OPERATOR)), List.of(digests.get(ZkIdentities.Kind.OBSERVER)));
        Map<ZkIdentities.Kind, ZkSettings.Auth> auths = new EnumMap<>(ZkIdentities.Kind.class);
        for (ZkIdentities.Kind kind : ZkIdentities.Kind.values()) {
            auths.put(kind, new ZkSettings.Auth(users.get(kind), SecretFile.read(files.get(kind)), identities));
        }
        return new SuiteIdentities(auths, identities);
    }

    public ZkIdentities identities() {
        return identities;
    }

    /** The identity of one kind of program. */
    public ZkSettings.Auth auth(ZkIdentities.Kind kind) {
        return auths.get(kind);
    }

    /** The {@code identities:} block of a config, indented by {@code indent} spaces. */
    public String identitiesYaml(int indent) {
        String pad = " ".repeat(indent);
        StringBuilder yaml = new StringBuilder();
        for (ZkIdentities.Kind kind : ZkIdentities.Kind.values()) {
            yaml.append(pad).append(kind.field()).append(": [\"").append(identities.of(kind).get(0)).append("\"]\n");
        }
        return yaml.toString();
    }

    /** The {@code auth:} block of {@code kind}'s config, indented by {@code indent} spaces. */
    public String authYaml(ZkIdentities.Kind kind, int indent) {
        String pad = " ".repeat(indent);
        ZkSettings.Auth auth = auths.get(kind);
        return pad + "auth:\n"
                + pad + "  user: " + auth.user() + "\n"
                + pad + "  passwordFile: \"" + auth.passwordFile().path() + "\"\n"
                + pad + "  identities:\n"
                + identitiesYaml(indent + 4);
    }
}
