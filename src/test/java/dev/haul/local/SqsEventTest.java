package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The event the poller hands a worker has the shape of Lambda's SQS event, as recorded in
 * {@code events/sqs-messages.json}: the same fields in the same order, with the same JSON types, each carrying the
 * received message's values.
 */
class SqsEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:haul-batches";

    @Test
    void receivedMessages_becomeRecordsShapedFieldForFieldLikeLambdasExample() throws IOException {
        JsonNode example = JSON.readTree(Path.of("events", "sqs-messages.json").toFile());
        List<Message> received = List.of(message("5f2c1c8e", "{\"url\": \"https://example.org/a.csv\"}", "1"),
                message("9a8b7c6d", "{\"url\": \"https://example.org/c.csv\"}", "2"));

        JsonNode event = JSON.readTree(SqsEvent.of(JSON, received, ARN, "us-east-1"));

        assertThat(fieldNames(event)).isEqualTo(fieldNames(example));
        assertThat(event.get("Records")).hasSize(2);
        for (JsonNode record : event.get("Records")) {
            JsonNode template = example.get("Records").get(0);
            assertThat(fieldNames(record)).isEqualTo(fieldNames(template));
            template.fields().forEachRemaining(field -> assertThat(record.get(field.getKey()).getNodeType())
                    .as(field.getKey()).isEqualTo(field.getValue().getNodeType()));
            assertThat(fieldNames(record.get("attributes"))).isEqualTo(fieldNames(template.get("attributes")));
            record.get("attributes").forEach(value -> assertThat(value.isTextual()).isTrue());
        }
        JsonNode second = event.get("Records").get(1);
        assertThat(second.get("messageId").asText()).isEqualTo("9a8b7c6d");
        assertThat(second.get("receiptHandle").asText()).isEqualTo("receipt-9a8b7c6d");
        assertThat(second.get("body").asText()).isEqualTo("{\"url\": \"https://example.org/c.csv\"}");
        assertThat(second.get("md5OfBody").asText()).isEqualTo("md5-9a8b7c6d");
        assertThat(second.get("attributes").get("ApproximateReceiveCount").asText()).isEqualTo("2");
        assertThat(second.get("attributes").get("SenderId").asText()).isEqualTo("AIDAEXAMPLE");
        assertThat(second.get("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(second.get("eventSourceARN").asText()).isEqualTo(ARN);
        assertThat(second.get("awsRegion").asText()).isEqualTo("us-east-1");
    }

    @Test
    void messageAttributes_areWrittenInLambdasFormWithBothValueKindsAndTheirLists() throws IOException {
        Message message = message("m-1", "{}", "1").toBuilder().messageAttributes(Map.of(
                "origin", MessageAttributeValue.builder().dataType("String").stringValue("api").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary")
                        .binaryValue(SdkBytes.fromString("hi", StandardCharsets.UTF_8)).build()))
                .build();

        JsonNode attributes = JSON.readTree(SqsEvent.of(JSON, List.of(message), ARN, "us-east-1"))
                .at("/Records/0/messageAttributes");

        assertThat(attributes.get("origin").toString()).isEqualTo("{\"stringValue\":\"api\",\"binaryValue\":null,"
                + "\"stringListValues\":[],\"binaryListValues\":[],\"dataType\":\"String\"}");
        assertThat(attributes.get("blob").get("binaryValue").asText()).isEqualTo("aGk=");
        assertThat(attributes.get("blob").get("stringValue").isNull()).isTrue();
    }

    private static Message message(String id, String body, String receiveCount) {
        return Message.builder().messageId(id).receiptHandle("receipt-" + id).body(body).md5OfBody("md5-" + id)
                .attributes(Map.of(
                        MessageSystemAttributeName.SENDER_ID, "AIDAEXAMPLE",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1795680000123",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1795680000000",
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, receiveCount))
                .build();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
