package dev.haul.local;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The event Lambda's SQS event source mapping hands a function for the messages one ReceiveMessage returned: one
 * record per message, in the order received, with the fields and spellings Lambda uses (camel case, attribute values
 * as strings, message attributes with their list fields), so that Haul reads exactly what it reads on Lambda.
 */
final class SqsEvent {

    /** The system attributes the poller asks for; Lambda's records carry these four. */
    static final List<MessageSystemAttributeName> ATTRIBUTES = List.of(
            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, MessageSystemAttributeName.SENT_TIMESTAMP,
            MessageSystemAttributeName.SENDER_ID, MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP);

    private SqsEvent() {}

    static byte[] of(ObjectMapper json, List<Message> messages, String queueArn, String region) {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            for (MessageSystemAttributeName name : ATTRIBUTES) {
                String value = message.attributes().get(name);
                if (value != null) {
                    attributes.put(name.toString(), value);
                }
            }
            messageAttributes(record.putObject("messageAttributes"), message.messageAttributes());
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
        }
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings is always serialisable", e);
        }
    }

    /** Lambda's form of a message attribute: both value kinds and both list fields present, binary as base64. */
    private static void messageAttributes(ObjectNode into, Map<String, MessageAttributeValue> attributes) {
        attributes.forEach((name, value) -> {
            ObjectNode attribute = into.putObject(name);
            attribute.put("stringValue", value.stringValue());
            attribute.put("binaryValue", value.binaryValue() == null ? null : value.binaryValue().asByteArray());
            ArrayNode strings = attribute.putArray("stringListValues");
            value.stringListValues().forEach(strings::add);
            ArrayNode binaries = attribute.putArray("binaryListValues");
            value.binaryListValues().forEach(bytes -> binaries.add(bytes.asByteArray()));
            attribute.put("dataType", value.dataType());
        });
    }
}
