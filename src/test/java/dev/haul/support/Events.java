package dev.haul.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real-shaped AWS events for tests, made from the examples in {@code events/} (the same files the README tells users
 * to send to the dev loop) with only the payload changed.
 */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    /** An HTTP API (payload 2.0) request. */
    public static String api(String method, String path, String contentType, String body) {
        ObjectNode event = load("api-post-batches.json");
        event.put("routeKey", "$default").put("rawPath", path);
        ObjectNode http = (ObjectNode) event.path("requestContext").path("http");
        http.put("method", method).put("path", path);
        ((ObjectNode) event.get("requestContext")).put("routeKey", "$default");
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.remove("content-type");
        headers.remove("content-length");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        if (body == null) {
            event.remove("body");
        } else {
            headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
            event.put("body", body);
        }
        return event.toString();
    }

    /** One SQS record: its message id, body and how many times it has been received. */
    public record Message(String id, String body, int receiveCount) {
        public Message(String id, String body) {
            this(id, body, 1);
        }
    }

    public static String sqs(List<Message> messages) {
        ObjectNode event = load("sqs-messages.json");
        JsonNode template = event.get("Records").get(0);
        ArrayNode records = JSON.createArrayNode();
        for (Message message : messages) {
            ObjectNode record = template.deepCopy();
            record.put("messageId", message.id()).put("body", message.body())
                    .put("receiptHandle", "receipt-" + message.id());
            ((ObjectNode) record.get("attributes")).put("ApproximateReceiveCount", Integer.toString(message
                    .receiveCount()));
            records.add(record);
        }
        event.set("Records", records);
        return event.toString();
    }

    /** A custom EventBridge event with this detail. */
    public static String eventBridge(String id, String detailJson) {
        ObjectNode event = load("eventbridge-custom.json");
        event.put("id", id);
        event.set("detail", parse(detailJson));
        return event.toString();
    }

    /** A scheduled rule's bare event, with its empty detail. */
    public static String scheduled(String id) {
        return load("eventbridge-scheduled.json").put("id", id).toString();
    }

    public static String file(String name) {
        return load(name).toString();
    }

    private static ObjectNode load(String name) {
        try {
            return (ObjectNode) JSON.readTree(Path.of("events", name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
