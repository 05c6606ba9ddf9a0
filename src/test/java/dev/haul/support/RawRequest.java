package dev.haul.support;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request head as {@link FaultyOrigin} reads it off the wire: request line and headers, no body. Header
 * names are looked up case-insensitively and keep the case of their first occurrence; repeated headers are joined with
 * {@code ", "}. Query values are URL-decoded.
 */
record RawRequest(String method, String target, String path, Map<String, String> query, Map<String, String> headers) {

    /** Parses the text before the blank line; throws {@link IllegalArgumentException} on anything malformed. */
    static RawRequest parse(String head) {
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new IllegalArgumentException("bad request line: " + lines[0]);
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad header line: " + lines[i]);
            }
            String value = lines[i].substring(colon + 1).strip();
            headers.merge(lines[i].substring(0, colon).strip(), value, (a, b) -> a + ", " + b);
        }
        String target = requestLine[1];
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        Map<String, String> query = question < 0 ? Map.of() : decodeQuery(target.substring(question + 1));
        return new RawRequest(requestLine[0], target, path, query, Collections.unmodifiableMap(headers));
    }

    String header(String name) {
        return headers.get(name);
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    /** Whether the client asked to close the connection after this exchange. */
    boolean wantsClose() {
        String connection = headers.get("Connection");
        return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    }

    /** The path's segments after the leading slash: {@code /ok/a/10} gives {@code [ok, a, 10]}. */
    String[] segments() {
        return path.substring(1).split("/");
    }

    int intParam(String name, int fallback) {
        String value = query.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static Map<String, String> decodeQuery(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableMap(query);
    }
}
