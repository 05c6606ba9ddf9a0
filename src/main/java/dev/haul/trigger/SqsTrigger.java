package dev.haul.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.haul.batch.BatchRequest;
import dev.haul.batch.BatchRunner;
import dev.haul.batch.InvalidBatchException;
import dev.haul.model.Deadline;
import dev.haul.model.ItemResult;
import dev.haul.report.BatchReport;

/**
 * SQS: each record's body is a batch (or one item). Answers with {@code batchItemFailures} naming exactly the messages
 * to receive again: those with an item that failed transiently, and those that could not be read at all (which then
 * reach the dead-letter queue after the queue's receive limit). A message whose items all stored, or failed for good
 * (404, too large), is done. Records run one after another, each batch with its own bounded concurrency, so memory
 * and /tmp stay within one batch's budget.
 */
@ApplicationScoped
public class SqsTrigger {

    private static final Logger LOG = Logger.getLogger(SqsTrigger.class);

    private final ObjectMapper json;
    private final BatchSource source;
    private final BatchRunner runner;

    public SqsTrigger(ObjectMapper json, BatchSource source, BatchRunner runner) {
        this.json = json;
        this.source = source;
        this.runner = runner;
    }

    public SQSBatchResponse handle(JsonNode event, Deadline deadline) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            String messageId = record.path("messageId").asText();
            if (!process(record, messageId, deadline)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Runs one message's batch; {@code false} when the message should be received again. */
    private boolean process(JsonNode record, String messageId, Deadline deadline) {
        if (deadline.passed()) {
            LOG.warnf("SQS message %s not started: the invocation's deadline was reached; it will be received again",
                    messageId);
            return false;
        }
        try {
            JsonNode body = json.readTree(record.path("body").asText(""));
            // A message without its own batch id keeps the same id on every delivery, from its message id.
            BatchRequest batch = source.read(body, "sqs-" + messageId).await().atMost(deadline.remaining());
            boolean redelivery = record.path("attributes").path("ApproximateReceiveCount").asInt(1) > 1;
            BatchReport report = runner.run(batch, deadline, redelivery)
                    .await().atMost(deadline.untilReported());
            Optional<ItemResult> transient_ = report.items().stream().filter(ItemResult::deliverAgainLater).findFirst();
            transient_.ifPresent(item -> LOG.infof(
                    "SQS message %s (batch %s) will be received again: %s failed with %s",
                    messageId, batch.batchId(), dev.haul.model.Redaction.forLog(java.net.URI.create(item.url())),
                    item.failure().kind().json()));
            return transient_.isEmpty();
        } catch (JsonProcessingException e) {
            LOG.warnf("SQS message %s is not valid JSON (%s); it is reported as failed and will reach the dead-letter "
                    + "queue after the queue's receive limit", messageId, e.getOriginalMessage());
            return false;
        } catch (InvalidBatchException e) {
            LOG.warnf("SQS message %s is not a valid batch (%s); it is reported as failed and will reach the "
                    + "dead-letter queue after the queue's receive limit", messageId, e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "SQS message %s failed; it will be received again", messageId);
            return false;
        }
    }
}
