package io.backupd.common.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.StringJoiner;

/**
 * Reads one value of a job's {@code args} in either shape a controller sends. This project's
 * controller sends every value as a string. The original Lain controller sends typed JSON:
 * {@code instanceNo} a number, {@code containers} a list of ids. A number or boolean becomes its
 * JSON text, a list of strings or numbers the comma-separated text this project's controller
 * sends, and null an empty string, so a job of either shape holds the same args afterwards.
 * Objects and nested lists mean nothing to any task and are refused.
 */
final class JobArgValue extends StdDeserializer<String> {
    JobArgValue() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_ARRAY) {
            StringJoiner joined = new StringJoiner(",");
            for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                if (!item.isScalarValue() || item == JsonToken.VALUE_NULL) {
                    return (String) ctxt.handleUnexpectedToken(String.class, p);
                }
                joined.add(p.getText());
            }
            return joined.toString();
        }
        if (token.isScalarValue()) {
            return token == JsonToken.VALUE_NULL ? "" : p.getText();
        }
        return (String) ctxt.handleUnexpectedToken(String.class, p);
    }

    @Override
    public String getNullValue(DeserializationContext ctxt) {
        return "";
    }
}
