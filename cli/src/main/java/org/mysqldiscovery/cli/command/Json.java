package org.mysqldiscovery.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import org.mysqldiscovery.common.model.PayloadCodec;

/** {@code --json} output: one pretty-printed document, ISO-8601 times, fields in documented order. */
final class Json {
    private static final ObjectMapper MAPPER = PayloadCodec.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static void print(PrintWriter out, Object document) {
        try {
            out.println(MAPPER.writeValueAsString(document));
            out.flush();
        } catch (JsonProcessingException e) {
            // Our own records only: a failure here is a bug, not bad input.
            throw new IllegalStateException("cannot render JSON output", e);
        }
    }
}
