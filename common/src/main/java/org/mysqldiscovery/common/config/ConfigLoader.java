package org.mysqldiscovery.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads one program's YAML config into its record. Unknown keys are errors (a typo must not silently fall back to a
 * default); each error names the file, the field path and the reason. Records validate themselves in their
 * constructors by throwing a {@link FieldException} naming the field (bounds: {@link Range}); any other
 * {@link IllegalArgumentException} is about the value at the path where it was thrown.
 */
public final class ConfigLoader {
    private static final long MAX_CONFIG_BYTES = 1024 * 1024;

    private ConfigLoader() {
    }

    public static <T> T load(Path file, Class<T> type) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(file + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": does not exist");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString(), type);
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static <T> T parse(String yaml, String source, Class<T> type) throws ConfigException {
        if (yaml.isBlank()) {
            throw new ConfigException(source + ": is empty");
        }
        ObjectMapper mapper = mapper();
        try {
            T value = mapper.readValue(yaml, type);
            if (value == null) {
                throw new ConfigException(source + ": is empty");
            }
            return value;
        } catch (JsonMappingException e) {
            // Jackson builds a record (and fails on its missing required field) before it reports the unknown key
            // beside it: a typo is the better explanation, so look for one first.
            String why = e instanceof UnrecognizedPropertyException unknown ? describeUnknown(unknown, yaml)
                    : unknownKey(mapper, yaml, type).orElseGet(() -> describe(e, yaml));
            throw new ConfigException(source + ": " + why, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + firstLine(e.getOriginalMessage())
                    + location(e), e);
        }
    }

    private static ObjectMapper mapper() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20); // no billion-laughs
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(20);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build()).build();
        return YAMLMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
    }

    private static Optional<String> unknownKey(ObjectMapper mapper, String yaml, Class<?> type) {
        try {
            return unknownKey(mapper, yaml, mapper.readTree(yaml), mapper.constructType(type), "");
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty(); // the binding error stands on its own
        }
    }

    /** The first key, depth first, that the record type at its place does not have. */
    private static Optional<String> unknownKey(ObjectMapper mapper, String yaml, JsonNode node, JavaType type,
            String path) {
        if (node == null || type == null) {
            return Optional.empty();
        }
        if (type.isReferenceType()) {
            return unknownKey(mapper, yaml, node, type.getContentType(), path);
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            for (int i = 0; node.isArray() && i < node.size(); i++) {
                Optional<String> found = unknownKey(mapper, yaml, node.get(i), type.getContentType(),
                        path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (type.isMapLikeType()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                Optional<String> found = unknownKey(mapper, yaml, field.getValue(), type.getContentType(),
                        join(path, field.getKey()));
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (!type.getRawClass().isRecord() || !node.isObject()) {
            return Optional.empty();
        }
        Map<String, JavaType> properties = new TreeMap<>();
        for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(type).findProperties()) {
            properties.put(property.getName(), property.getPrimaryType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = join(path, field.getKey());
            if (!properties.containsKey(field.getKey())) {
                return Optional.of(fieldPath + ": unknown key (known: " + String.join(", ", properties.keySet()) + ")"
                        + KeyLines.lineOf(yaml, fieldPath).map(line -> " (line " + line + ")").orElse(""));
            }
            Optional<String> found = unknownKey(mapper, yaml, field.getValue(), properties.get(field.getKey()),
                    fieldPath);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * An unknown key, with the line the key is on: Jackson buffers a record's properties until its creator can run,
     * so its own location is where the enclosing mapping ends (line 124 for a typo on line 77).
     */
    private static String describeUnknown(UnrecognizedPropertyException unknown, String yaml) {
        String path = pathOf(unknown.getPath());
        String known = unknown.getKnownPropertyIds() == null ? "" : " (known: "
                + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                .collect(Collectors.joining(", ")) + ")";
        return path + ": unknown key" + known
                + KeyLines.lineOf(yaml, path).map(line -> " (line " + line + ")").orElseGet(() -> location(unknown));
    }

    private static String describe(JsonMappingException e, String yaml) {
        String path = pathOf(e.getPath());
        // The line of the key at path when the document has it: Jackson's own location is where a record's mapping
        // ends (its properties are buffered until the record can be built).
        String at = KeyLines.lineOf(yaml, path).map(line -> " (line " + line + ")").orElseGet(() -> location(e));
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : " (known: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")) + ")";
            return path + ": unknown key" + known + at;
        }
        Throwable root = firstValidationError(e);
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.exc.StreamReadException syntax) {
                return "not valid YAML: " + firstLine(syntax.getOriginalMessage()) + location(syntax);
            }
        }
        if (root instanceof FieldException refused && root != e) {
            // A record refused one of its own fields: the path of the record, then the field, and the field's line.
            String fieldPath = join(path, refused.field());
            return fieldPath + ": " + refused.reason()
                    + KeyLines.lineOf(yaml, fieldPath).map(line -> " (line " + line + ")").orElse(at);
        }
        if (root instanceof IllegalArgumentException && root != e) {
            // Anything else a record refuses is about the value at path.
            return (path.isEmpty() ? "" : path + ": ") + root.getMessage() + at;
        }
        if (e instanceof InvalidFormatException format) {
            return path + ": " + describeValue(format.getValue()) + " is not a valid "
                    + simpleType(format.getTargetType()) + at;
        }
        if (e instanceof MismatchedInputException mismatch) {
            String expected = mismatch.getTargetType() == null ? "another type" : simpleType(mismatch.getTargetType());
            String message = firstLine(e.getOriginalMessage());
            if (message.contains("Missing required creator property")) {
                return path + ": is required" + location(e);
            }
            return path + ": wrong type, expected " + expected + at;
        }
        return (path.isEmpty() ? "" : path + ": ") + firstLine(e.getOriginalMessage()) + at;
    }

    private static String pathOf(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The validation message a record or value type threw, however deep Jackson wrapped it. */
    private static Throwable firstValidationError(Throwable e) {
        Throwable last = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IllegalArgumentException) {
                return cause;
            }
            last = cause;
        }
        return last;
    }

    private static String location(JsonProcessingException e) {
        if (e.getLocation() == null || e.getLocation().getLineNr() < 1) {
            return "";
        }
        return " (line " + e.getLocation().getLineNr() + ")";
    }

    private static String describeValue(Object value) {
        return value instanceof String s ? org.mysqldiscovery.common.model.Quoting.quote(s) : String.valueOf(value);
    }

    private static String simpleType(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean (true/false)";
        }
        if (type == double.class || type == Double.class) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "list";
        }
        if (type.isEnum()) {
            return "value, one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type.isRecord() ? "mapping" : type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
