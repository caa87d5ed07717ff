package org.mysqldiscovery.sandbox.proxysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketChannelTest {
    private static final int MAX = PacketChannel.MAX_PACKET_PAYLOAD;

    private static byte[] written(byte[]... payloads) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketChannel writer = new PacketChannel(new ByteArrayInputStream(new byte[0]), out, Integer.MAX_VALUE);
        for (byte[] payload : payloads) {
            writer.write(payload);
        }
        writer.flush();
        return out.toByteArray();
    }

    private static PacketChannel reading(byte[] wire, int limit) {
        return new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), limit);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 250, MAX - 1, MAX, MAX + 1, 2 * MAX, 16 * 1024 * 1024 + 5})
    void payloads_of_any_size_survive_splitting_and_joining(int size) throws Exception {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31);
        }
        byte[] wire = written(payload, new byte[] {42});
        int packets = size / MAX + 1;
        assertThat(wire.length).isEqualTo(size + 4 * packets + 5);
        PacketChannel reader = reading(wire, Integer.MAX_VALUE);
        assertThat(reader.readPayload()).isEqualTo(payload);
        assertThat(reader.readPayload()).containsExactly(42);
    }

    @Test
    void a_payload_of_exactly_the_split_size_ends_with_an_empty_packet() throws Exception {
        byte[] wire = written(new byte[MAX]);
        assertThat(wire.length).isEqualTo(MAX + 8);
        assertThat(Arrays.copyOfRange(wire, MAX + 4, MAX + 8)).containsExactly(0, 0, 0, 1);
    }

    @Test
    void sequence_ids_continue_across_writes_and_restart_with_each_command() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(new byte[0]), out, 1024);
        channel.write(new byte[] {1});
        channel.write(new byte[] {2});
        channel.startCommand();
        channel.write(new byte[] {3});
        channel.flush();
        byte[] wire = out.toByteArray();
        assertThat(new int[] {wire[3], wire[8], wire[13]}).containsExactly(0, 1, 0);
    }

    @Test
    void a_sequence_id_out_of_order_is_malformed() {
        byte[] wire = {1, 0, 0, 5, 0x0e};
        assertThatThrownBy(() -> reading(wire, 1024).readPayload())
                .isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("sequence id 5 where 0 was expected");
    }

    @Test
    void a_closed_connection_before_any_byte_is_a_plain_end_of_stream() {
        assertThatThrownBy(() -> reading(new byte[0], 1024).readPayload())
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("closed by the client");
    }

    @Test
    void a_connection_closed_inside_the_header_says_so() {
        assertThatThrownBy(() -> reading(new byte[] {10, 0}, 1024).readPayload())
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("header (2 of 4 bytes)");
    }

    @Test
    void a_header_that_promises_more_than_arrives_ends_as_end_of_stream() {
        byte[] wire = {100, 0, 0, 0, 1, 2, 3};
        assertThatThrownBy(() -> reading(wire, 1024).readPayload())
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("got 3 of 100 bytes");
    }

    @Test
    void a_split_payload_cut_between_its_parts_ends_as_end_of_stream() throws Exception {
        byte[] wire = Arrays.copyOf(written(new byte[MAX + 10]), MAX + 4);
        assertThatThrownBy(() -> reading(wire, Integer.MAX_VALUE).readPayload())
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("between the parts");
    }

    @Test
    void a_payload_above_the_limit_is_refused_before_it_is_read() {
        byte[] wire = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
        assertThatThrownBy(() -> reading(wire, 1024 * 1024).readPayload())
                .isInstanceOf(PacketTooLargeException.class)
                .hasMessageContaining("exceeds the limit of 1048576 bytes");
    }
}
