package dev.haul.trigger;

import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.batch.JsonInput;

/** The parts of an API Gateway HTTP API (payload format 2.0) event that the routes read. */
record ApiRequest(String method, String path, JsonNode event) {

    static ApiRequest of(JsonNode event) {
        String method = event.path("requestContext").path("http").path("method").asText("").toUpperCase(Locale.ROOT);
        return new ApiRequest(method, routePath(event), event);
    }

    /** The request path without the stage prefix that a named (non-default) stage adds, and without a final '/'. */
    private static String routePath(JsonNode event) {
        String path = event.path("rawPath").asText("/");
        String stage = event.path("requestContext").path("stage").asText("$default");
        if (!stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            path = path.substring(stage.length() + 1);
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A header's value, its name matched without regard to case; {@code null} when absent. */
    String header(String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = event.path("headers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> header = it.next();
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        return null;
    }

    /**
     * The body's bytes. Throws {@link IllegalArgumentException} when the event marks it base64 and it is not, and
     * {@link dev.haul.batch.InvalidJsonException} when its text is not valid Unicode.
     */
    byte[] body() {
        String body = event.path("body").asText("");
        return event.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : JsonInput.utf8(body, "the body");
    }

    /** The media type of the body, lower case and without parameters; {@code null} when the request names none. */
    String mediaType() {
        String contentType = header("content-type");
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
