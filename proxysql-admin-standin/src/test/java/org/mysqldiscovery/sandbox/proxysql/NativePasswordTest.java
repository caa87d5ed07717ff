package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NativePasswordTest {

    @ParameterizedTest(name = "password \"{0}\" has stored hash {1}")
    @CsvSource({
            // What MySQL's PASSWORD() shows (without the '*'): SHA1(SHA1(password)).
            "password, 2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
            "admin, 4ACFE3202A5FF5CF467898FC58AAB1D615029441",
    })
    void token_unmasks_to_the_password_hash_a_mysql_server_would_store(String password, String storedHash)
            throws Exception {
        byte[] scramble = NativePassword.newScramble();
        byte[] token = NativePassword.token(password, scramble);
        byte[] stage2 = HexFormat.of().parseHex(storedHash);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(scramble);
        byte[] mask = sha1.digest(stage2);
        byte[] stage1 = new byte[20];
        for (int i = 0; i < 20; i++) {
            stage1[i] = (byte) (token[i] ^ mask[i]);
        }
        assertThat(MessageDigest.getInstance("SHA-1").digest(stage1)).isEqualTo(stage2);
    }

    @Test
    void the_right_password_matches_and_a_wrong_one_does_not() {
        byte[] scramble = NativePassword.newScramble();
        byte[] token = NativePassword.token("s3cret", scramble);
        assertThat(NativePassword.matches("s3cret", scramble, token)).isTrue();
        assertThat(NativePassword.matches("s3cret!", scramble, token)).isFalse();
        assertThat(NativePassword.matches("s3cret", NativePassword.newScramble(), token)).isFalse();
        assertThat(NativePassword.matches("s3cret", scramble, new byte[0])).isFalse();
        assertThat(NativePassword.matches("s3cret", scramble, new byte[21])).isFalse();
    }

    @Test
    void an_empty_password_is_an_empty_token() {
        byte[] scramble = NativePassword.newScramble();
        assertThat(NativePassword.token("", scramble)).isEmpty();
        assertThat(NativePassword.matches("", scramble, new byte[0])).isTrue();
        assertThat(NativePassword.matches("", scramble, NativePassword.token("x", scramble))).isFalse();
    }

    @Test
    void scrambles_are_twenty_printable_bytes_without_nul() {
        for (int i = 0; i < 200; i++) {
            byte[] scramble = NativePassword.newScramble();
            assertThat(scramble).hasSize(20);
            for (byte b : scramble) {
                assertThat((int) b).isBetween(33, 126);
            }
        }
        assertThat(new String(NativePassword.newScramble(), StandardCharsets.US_ASCII))
                .isNotEqualTo(new String(NativePassword.newScramble(), StandardCharsets.US_ASCII));
    }
}
