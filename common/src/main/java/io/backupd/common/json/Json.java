package io.backupd.common.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;

/**
 * The one configured Jackson mapper: times as RFC 3339 strings, unknown fields ignored (peers of
 * another version may send more), absent booleans false (curl users leave out {@code sleep}).
 * Input is bounded so a small hostile body cannot cost deep recursion or huge number parsing: at
 * most {@value #MAX_NESTING_DEPTH} nested arrays/objects and numbers of at most
 * {@value #MAX_NUMBER_LENGTH} characters; beyond that reading fails as malformed input.
 * The mapper is immutable once built and safe to share.
 */
public final class Json {
    /** Nothing the APIs exchange nests more than a handful of levels; 64 leaves room for peers of later versions. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longer than any long or double we exchange; Jackson's default (1000) lets a number cost quadratic parsing. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new BackupException(ErrorCode.INTERNAL, "cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Decodes input from outside; malformed input is the caller's fault, so it is INVALID_ARGUMENT. */
    public static <T> T read(String text, Class<T> type, String what) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw BackupException.invalid(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static <T> T read(String text, TypeReference<T> type, String what) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw BackupException.invalid(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (java.io.IOException e) {
            throw BackupException.invalid(what + " is not valid JSON: " + e.getMessage());
        }
    }
}
