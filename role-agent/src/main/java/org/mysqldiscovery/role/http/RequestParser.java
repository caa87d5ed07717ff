package org.mysqldiscovery.role.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.Instance;
import org.mysqldiscovery.common.model.Role;
import org.mysqldiscovery.role.decide.DrainRequest;
import org.mysqldiscovery.role.decide.RoleRequest;

/**
 * Strict parsing of the API's request bodies. A body is one flat JSON object in UTF-8 whose keys are known, each
 * at most once, with values of the expected JSON type; anything else is refused with the field and the reason.
 * Nothing is coerced: {@code "10"} is not a number, {@code 10} is not a string, {@code null} is not absent, and
 * role tokens are compared byte for byte (a Cyrillic 'р' is not a 'p').
 */
public final class RequestParser {
    /** docs/DESIGN.md: bodies over 16 KiB are refused (413) before they get here. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_REASON = 1024;
    public static final int MAX_RECOVERY_UID = 256;
    private static final int MAX_STRING = 4096;

    private static final Set<String> ROLE_FIELDS = Set.of("role", "instance", "reason", "expectedRole",
            "supersedes", "recoveryUid");
    private static final Set<String> DRAIN_FIELDS = Set.of("instance", "reason", "seconds");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(20)
                    .maxNestingDepth(2)
                    .build())
            .build();

    private RequestParser() {
    }

    public static RoleRequest parseRole(byte[] body) throws InvalidRequestException {
        Map<String, Value> fields = flatObject(body, ROLE_FIELDS);
        Role role = role(fields, "role", true);
        Instance instance = instance(fields, "instance", true);
        String reason = text(fields, "reason", true, MAX_REASON);
        Role expected = role(fields, "expectedRole", false);
        Instance supersedes = instance(fields, "supersedes", false);
        String recoveryUid = recoveryUid(fields);
        if (supersedes != null && !role.isPrimary()) {
            throw new InvalidRequestException("supersedes", "only allowed on a promotion (role primary), not with role "
                    + role.token());
        }
        if (supersedes != null && supersedes.equals(instance)) {
            throw new InvalidRequestException("supersedes", "names the promoted instance itself");
        }
        return new RoleRequest(role, instance, reason, expected, supersedes, recoveryUid);
    }

    /** @param defaultSeconds lease length when the body has no {@code seconds} */
    public static DrainRequest parseDrain(byte[] body, int defaultSeconds) throws InvalidRequestException {
        Map<String, Value> fields = flatObject(body, DRAIN_FIELDS);
        Instance instance = instance(fields, "instance", true);
        String reason = text(fields, "reason", true, MAX_REASON);
        int seconds = defaultSeconds;
        Value value = fields.get("seconds");
        if (value != null) {
            if (value.token() != JsonToken.VALUE_NUMBER_INT) {
                throw new InvalidRequestException("seconds", "must be a whole number of seconds 1.."
                        + DrainRequest.MAX_SECONDS + ", not " + describe(value));
            }
            long requested = value.number();
            if (requested < 1 || requested > DrainRequest.MAX_SECONDS) {
                throw new InvalidRequestException("seconds", Range.outOfRange(requested, 1, DrainRequest.MAX_SECONDS));
            }
            seconds = (int) requested;
        }
        return new DrainRequest(instance, reason, seconds);
    }

    /** One JSON value of the flat object: its token type and, for strings and whole numbers, its value. */
    private record Value(JsonToken token, String text, long number) {
    }

    private static Map<String, Value> flatObject(byte[] body, Set<String> allowed) throws InvalidRequestException {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("body", "is empty: expected a JSON object");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("body", body.length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        String text;
        try {
            // Decoded here, strictly: Jackson would otherwise guess UTF-16/32 from the first bytes.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("body", "is not valid UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            throw new InvalidRequestException("body", "starts with a byte order mark");
        }
        Map<String, Value> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidRequestException("body", "must be a JSON object, not " + describe(first));
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (!allowed.contains(name)) {
                    throw new InvalidRequestException(printable(name), "unknown field (known: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                if (fields.containsKey(name)) {
                    throw new InvalidRequestException(name, "appears more than once");
                }
                JsonToken valueToken = parser.nextToken();
                if (valueToken == JsonToken.START_OBJECT || valueToken == JsonToken.START_ARRAY) {
                    // Refused before reading deeper: nesting is never legitimate here.
                    throw new InvalidRequestException(name, "must be a plain value, not "
                            + describe(valueToken));
                }
                String valueText = valueToken == JsonToken.VALUE_STRING ? parser.getText() : null;
                long number = 0;
                if (valueToken == JsonToken.VALUE_NUMBER_INT) {
                    if (parser.getNumberType() != JsonParser.NumberType.INT
                            && parser.getNumberType() != JsonParser.NumberType.LONG) {
                        throw new InvalidRequestException(name, "number is out of range");
                    }
                    number = parser.getLongValue();
                }
                fields.put(name, new Value(valueToken, valueText, number));
            }
            if (token != JsonToken.END_OBJECT) {
                throw new InvalidRequestException("body", "is not a well-formed JSON object");
            }
            if (parser.nextToken() != null) {
                throw new InvalidRequestException("body", "has content after the JSON object");
            }
        } catch (StreamConstraintsException e) {
            throw new InvalidRequestException("body", "a value is too large (strings at most " + MAX_STRING
                    + " characters, numbers at most 20 digits)");
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", "is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidRequestException("body", "cannot be read: " + e.getMessage());
        }
        return fields;
    }

    private static String string(Map<String, Value> fields, String name, boolean required)
            throws InvalidRequestException {
        Value value = fields.get(name);
        if (value == null) {
            if (required) {
                throw new InvalidRequestException(name, "is required");
            }
            return null;
        }
        if (value.token() != JsonToken.VALUE_STRING) {
            throw new InvalidRequestException(name, "must be a string, not " + describe(value));
        }
        return value.text();
    }

    private static Role role(Map<String, Value> fields, String name, boolean required)
            throws InvalidRequestException {
        String token = string(fields, name, required);
        if (token == null) {
            return null;
        }
        try {
            return Role.fromToken(token);
        } catch (IllegalArgumentException e) {
            String hint = token.chars().anyMatch(c -> c > 0x7e) ? " (it contains non-ASCII characters: look-alike letters?)"
                    : token.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? " (it contains control characters)" : "";
            throw new InvalidRequestException(name, printable(token) + " is not one of primary, replica, "
                    + "reporting-replica" + hint);
        }
    }

    private static Instance instance(Map<String, Value> fields, String name, boolean required)
            throws InvalidRequestException {
        String text = string(fields, name, required);
        if (text == null) {
            return null;
        }
        if (!isAscii(text)) {
            throw new InvalidRequestException(name, printable(text) + " is not host:port (non-ASCII characters)");
        }
        try {
            return Instance.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(name, e.getMessage());
        }
    }

    private static String text(Map<String, Value> fields, String name, boolean required, int max)
            throws InvalidRequestException {
        String text = string(fields, name, required);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw new InvalidRequestException(name, "is empty");
        }
        if (text.length() > max) {
            throw new InvalidRequestException(name, "is longer than " + max + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED) {
                throw new InvalidRequestException(name, "contains a control or formatting character (U+"
                        + String.format("%04X", (int) c) + ") at position " + i);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    throw new InvalidRequestException(name, "contains an unpaired surrogate at position " + i);
                }
                i++;
            }
        }
        return text;
    }

    private static String recoveryUid(Map<String, Value> fields) throws InvalidRequestException {
        String uid = string(fields, "recoveryUid", false);
        if (uid == null || uid.isEmpty()) {
            // Empty is what an unexpanded-but-empty placeholder gives: a promotion must not fail for a label.
            return null;
        }
        if (uid.length() > MAX_RECOVERY_UID) {
            throw new InvalidRequestException("recoveryUid", "is longer than " + MAX_RECOVERY_UID + " characters");
        }
        if (!uid.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == ':' || c == '.' || c == '_' || c == '-')) {
            throw new InvalidRequestException("recoveryUid", printable(uid)
                    + " has characters other than A-Z a-z 0-9 : . _ -");
        }
        return uid;
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** A value shown in a message: quoted, bounded, and with every non-ASCII character as \\uXXXX (visible look-alikes). */
    static String printable(String raw) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(raw.length(), 64);
        for (int i = 0; i < shown; i++) {
            char c = raw.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (raw.length() > shown) {
            out.append("…(").append(raw.length()).append(" characters)");
        }
        return out.append('"').toString();
    }

    private static String describe(Value value) {
        return describe(value.token());
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "a whole number";
            case VALUE_NUMBER_FLOAT -> "a fractional number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
