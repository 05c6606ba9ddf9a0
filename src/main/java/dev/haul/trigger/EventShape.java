package dev.haul.trigger;

import com.fasterxml.jackson.databind.JsonNode;

/** The kinds of event Haul's handler can be given, told apart by the fields each AWS service always sends. */
enum EventShape {
    API_GATEWAY("API Gateway"), SQS("SQS"), EVENTBRIDGE("EventBridge"), DISTRIBUTED_MAP("Step Functions"), DIRECT(
            "direct");

    private final String label;

    EventShape(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static EventShape of(JsonNode event) {
        if (event.has("requestContext") && event.has("rawPath")) {
            return API_GATEWAY;
        }
        JsonNode records = event.path("Records");
        if (records.isArray() && !records.isEmpty() && "aws:sqs".equals(records.get(0).path("eventSource").asText())) {
            return SQS;
        }
        if (event.has("detail-type") && event.has("source")) {
            return EVENTBRIDGE;
        }
        // A Distributed Map's item batcher; a batch's own field is "items", in lower case.
        if (event.path("Items").isArray()) {
            return DISTRIBUTED_MAP;
        }
        return DIRECT;
    }
}
