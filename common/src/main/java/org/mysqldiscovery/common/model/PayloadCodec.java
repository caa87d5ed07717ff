package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/**
 * JSON codecs for every znode payload of the layout. Unknown fields are ignored (newer writers), malformed payloads
 * are reported with the path they came from, never fatal to the caller.
 */
public final class PayloadCodec {
    /** ZooKeeper's own limit is 1 MiB; anything near that is hostile for these small documents. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private static final ObjectMapper MAPPER = newMapper();

    private PayloadCodec() {
    }

    /** A mapper with the suite's conventions: ISO-8601 times, bounded nesting and string sizes. */
    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // weight/maxConnections may be absent in older payloads: 0 means "use the sync's default".
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(MAX_PAYLOAD_BYTES)
                .maxNumberLength(40)
                .build());
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only our own records are encoded: failing here is a programming error, not bad input.
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static Registration decodeRegistration(byte[] payload, String where) throws MalformedPayloadException {
        return decode(payload, Registration.class, where);
    }

    public static QuarantineRecord decodeQuarantine(byte[] payload, String where) throws MalformedPayloadException {
        return decode(payload, QuarantineRecord.class, where);
    }

    public static SyncStatus decodeSyncStatus(byte[] payload, String where) throws MalformedPayloadException {
        return decode(payload, SyncStatus.class, where);
    }

    public static <T> T decode(byte[] payload, Class<T> type, String where) throws MalformedPayloadException {
        if (payload == null || payload.length == 0) {
            throw new MalformedPayloadException(where + ": payload is empty");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new MalformedPayloadException(where + ": payload of " + payload.length + " bytes exceeds "
                    + MAX_PAYLOAD_BYTES);
        }
        try {
            T value = MAPPER.readValue(payload, type);
            if (value == null) {
                throw new MalformedPayloadException(where + ": payload is JSON null");
            }
            return value;
        } catch (JsonMappingException e) {
            throw new MalformedPayloadException(where + ": " + describe(e), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedPayloadException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedPayloadException(where + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String describe(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String field = e.getPath().isEmpty() ? "" : "field " + e.getPath().get(e.getPath().size() - 1).getFieldName()
                + ": ";
        String reason = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
        return field + reason;
    }

}
