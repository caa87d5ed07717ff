package org.mysqldiscovery.sandbox.proxysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The {@code mysql_native_password} challenge/response: the client proves it knows the password by sending
 * {@code SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password)))}.
 */
final class NativePassword {
    static final String PLUGIN_NAME = "mysql_native_password";
    static final int SCRAMBLE_LENGTH = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private NativePassword() {
    }

    /** 20 random printable bytes (no NUL: the handshake carries the second part NUL-terminated). */
    static byte[] newScramble() {
        byte[] scramble = new byte[SCRAMBLE_LENGTH];
        for (int i = 0; i < scramble.length; i++) {
            scramble[i] = (byte) (33 + RANDOM.nextInt(94));
        }
        return scramble;
    }

    /** The token a client with {@code password} sends for {@code scramble}; empty for an empty password. */
    static byte[] token(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1(stage1);
        byte[] mix = sha1(scramble, stage2);
        byte[] token = new byte[stage1.length];
        for (int i = 0; i < token.length; i++) {
            token[i] = (byte) (stage1[i] ^ mix[i]);
        }
        return token;
    }

    /** Constant-time check of a client's token. */
    static boolean matches(String password, byte[] scramble, byte[] clientToken) {
        return MessageDigest.isEqual(token(password, scramble), clientToken);
    }

    private static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
