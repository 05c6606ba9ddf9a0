package dev.haul.local;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HTTP API requests as API Gateway hands them to the function (payload format 2.0), for the local topology's API
 * function: the fields Haul and AWS's own samples have, from 127.0.0.1.
 */
final class ApiEvent {

    private ApiEvent() {}

    static byte[] get(ObjectMapper json, String path) {
        return event(json, "GET", path, null);
    }

    static byte[] post(ObjectMapper json, String path, String body) {
        return event(json, "POST", path, body);
    }

    private static byte[] event(ObjectMapper json, String method, String path, String body) {
        ObjectNode event = json.createObjectNode();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", path).put("rawQueryString", "");
        event.putObject("headers").put("content-type", "application/json").put("host", "localhost");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000").put("apiId", "local").put("requestId", "local-"
                + System.nanoTime()).put("routeKey", "$default").put("stage", "$default")
                .put("timeEpoch", System.currentTimeMillis());
        context.putObject("http").put("method", method).put("path", path).put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1").put("userAgent", "haul-local");
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
