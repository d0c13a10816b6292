package io.backupd.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 client that sends a request byte for byte as given, as {@code curl --path-as-is}
 * does: java.net and OkHttp refuse or re-encode {@code %zz}, {@code %00} and the like before
 * sending, which would hide what the server answers to them. One request per connection.
 */
public final class RawHttp {
    private static final int TIMEOUT_MS = 10_000;
    private static final Pattern CONTENT_LENGTH = Pattern.compile("\\r\\ncontent-length: *(\\d+)");

    /** Status, headers (names in lower case) and body as text. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public String contentType() {
            return headers.get("content-type");
        }

        /**
         * Asserts the one error shape: {@code status}, {@code application/json}, a body of exactly
         * {@code error} = {@code code} and a message; returns the message for further checks.
         */
        public String assertError(int status, String code) {
            assertThat(status()).as("%s", body).isEqualTo(status);
            assertThat(contentType()).as("%s", body).startsWith("application/json");
            JsonNode json = json();
            assertThat(json.path("error").asText()).as("%s", body).isEqualTo(code);
            assertThat(json.path("message").asText()).as("%s", body).isNotBlank();
            assertThat(json.size()).as("only error and message: %s", body).isEqualTo(2);
            return json.path("message").asText();
        }

        /** The body as JSON; fails the test with the body shown when it is not JSON. */
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("answer " + status + " is not JSON: " + body, e);
            }
        }
    }

    private RawHttp() {
    }

    /** {@code GET target} with nothing else, to 127.0.0.1. */
    public static Answer get(int port, String target) throws IOException {
        return send(port, "GET", target, "", new byte[0]);
    }

    /** {@link #send(String, int, String, String, String, byte[])} to 127.0.0.1. */
    public static Answer send(int port, String method, String target, String headers, byte[] body) throws IOException {
        return send("127.0.0.1", port, method, target, headers, body);
    }

    /**
     * {@code method target}, then {@code headers} (whole lines, each ending in CRLF) and {@code body};
     * give {@code Content-Length} or {@code Transfer-Encoding} in {@code headers} when there is a body.
     * A server that answers before it read the whole body and closes is fine: the answer is read anyway.
     */
    public static Answer send(String host, int port, String method, String target, String headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            String head = method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n" + headers + "\r\n";
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (SocketException answeredEarly) {
                // the server may answer (413, 414, 431) and close before taking everything
            }
            return parse(readAnswer(socket.getInputStream()));
        }
    }

    /**
     * Reads one answer: up to its Content-Length, its last chunk, or else the end of the stream. Not
     * waiting for the end always: a server that answered before reading the body may keep reading it.
     */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; !complete(bytes.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset after the answer was sent: what arrived is the answer
        }
        return bytes.toByteArray();
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            return text.length() - end - 4 >= Integer.parseInt(length.group(1));
        }
        return head.contains("\r\ntransfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n");
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1); // one char per byte: indexes are byte offsets
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new AssertionError("not an HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
