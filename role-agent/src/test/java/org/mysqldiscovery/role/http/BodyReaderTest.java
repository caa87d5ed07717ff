package org.mysqldiscovery.role.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodyReaderTest {

    @Test
    void a_body_within_the_limit_is_read_whole() throws Exception {
        byte[] body = new byte[100];
        assertThat(BodyReader.read(new ByteArrayInputStream(body), 100, 16384)).hasSize(100);
        assertThat(BodyReader.read(new ByteArrayInputStream(body), -1, 16384)).hasSize(100);
    }

    @Test
    void a_body_of_exactly_the_limit_is_accepted() throws Exception {
        assertThat(BodyReader.read(new ByteArrayInputStream(new byte[16384]), -1, 16384)).hasSize(16384);
    }

    @Test
    void a_declared_length_over_the_limit_is_refused_before_reading() {
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("must not read");
            }
        };
        assertThatThrownBy(() -> BodyReader.read(never, 16385, 16384))
                .isInstanceOf(BodyReader.TooLargeException.class).hasMessageContaining("16385");
    }

    @Test
    void an_endless_chunked_body_is_cut_one_byte_past_the_limit() {
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }
        };
        assertThatThrownBy(() -> BodyReader.read(endless, -1, 16384)).isInstanceOf(BodyReader.TooLargeException.class);
        assertThat(served[0]).isLessThanOrEqualTo(16385);
    }

    @Test
    void a_body_longer_than_its_declared_length_is_still_bounded() {
        assertThatThrownBy(() -> BodyReader.read(new ByteArrayInputStream(new byte[20000]), 10, 16384))
                .isInstanceOf(BodyReader.TooLargeException.class);
    }
}
