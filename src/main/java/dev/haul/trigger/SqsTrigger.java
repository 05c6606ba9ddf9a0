package dev.haul.trigger;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchOutcome;
import dev.haul.batch.BatchService;
import dev.haul.batch.InPlaceLimit;
import dev.haul.batch.InvalidJsonException;
import dev.haul.batch.JsonInput;
import dev.haul.batch.Submission;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.model.ItemResult;
import dev.haul.model.Redaction;

/**
 * SQS: each record's body is a part of a queued batch (Haul's own messages, which run here), or a batch, item or
 * list pointer someone else sent (spread over the queue like a direct invocation when it is larger than one
 * invocation runs). On the queue's last delivery of a part its result is final, so the batch can finish. Answers with {@code batchItemFailures} naming exactly the messages
 * to receive again: those with an item that may pass on a later delivery, and those that could not be read at all
 * (which then reach the dead-letter queue after the queue's receive limit). A message whose items all stored, or
 * failed for good (404, too large), is done. Records run one after another, each batch with its own bounded
 * concurrency, so memory and /tmp stay within one batch's budget.
 */
@ApplicationScoped
public class SqsTrigger {

    private static final Logger LOG = Logger.getLogger(SqsTrigger.class);

    private final JsonInput json;
    private final BatchService batches;
    private final InPlaceLimit spreading;
    private final int maxReceiveCount;

    public SqsTrigger(JsonInput json, BatchService batches, HaulConfig config) {
        this.json = json;
        this.batches = batches;
        this.spreading = InPlaceLimit.spreading(config.batch());
        this.maxReceiveCount = config.queue().maxReceiveCount();
    }

    public Uni<SQSBatchResponse> handle(JsonNode event, Deadline deadline) {
        return Multi.createFrom().iterable(event.path("Records"))
                .onItem().transformToUniAndConcatenate(record -> {
                    String messageId = record.path("messageId").asText();
                    return process(record, messageId, deadline).map(done -> done
                            ? Optional.<SQSBatchResponse.BatchItemFailure>empty()
                            : Optional.of(new SQSBatchResponse.BatchItemFailure(messageId)));
                })
                .collect().asList()
                .map(failures -> new SQSBatchResponse(failures.stream().flatMap(Optional::stream).toList()));
    }

    /** Runs one message's batch; {@code false} when the message should be received again. */
    private Uni<Boolean> process(JsonNode record, String messageId, Deadline deadline) {
        if (deadline.passed()) {
            LOG.warnf("SQS message %s not started: the invocation's deadline was reached; it will be received again",
                    messageId);
            return Uni.createFrom().item(false);
        }
        JsonNode body;
        try {
            body = json.read(record.path("body").asText(""), "the message body");
        } catch (InvalidJsonException e) {
            LOG.warnf("SQS message %s: %s; it is reported as failed and will reach the dead-letter queue after the "
                    + "queue's receive limit", messageId, e.getMessage());
            return Uni.createFrom().item(false);
        }
        // A message without its own batch id keeps the same id on every delivery, from its message id.
        Submission submission = Submission.fromQueue(body, "sqs-" + messageId, delivery(record), spreading);
        return batches.submit(submission, deadline)
                .map(outcome -> done(messageId, outcome))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "SQS message %s failed; it will be received again", messageId);
                    return false;
                });
    }

    /** Which delivery of its message this is, by SQS's receive count against the queue's receive limit. */
    private Delivery delivery(JsonNode record) {
        int received = record.path("attributes").path("ApproximateReceiveCount").asInt(1);
        if (received >= maxReceiveCount) {
            return Delivery.LAST;
        }
        return received > 1 ? Delivery.REDELIVERED : Delivery.FIRST;
    }

    private static boolean done(String messageId, BatchOutcome outcome) {
        if (outcome instanceof BatchOutcome.Refused refused) {
            LOG.warnf("SQS message %s is not a valid batch (%s); it is reported as failed and will reach the "
                    + "dead-letter queue after the queue's receive limit", messageId, refused.reason().getMessage());
            return false;
        }
        if (!(outcome instanceof BatchOutcome.Ran ran)) {
            return outcome instanceof BatchOutcome.Queued || outcome instanceof BatchOutcome.FinishedBefore;
        }
        Optional<ItemResult> again = ran.report().items().stream().filter(ItemResult::deliverAgainLater).findFirst();
        again.ifPresent(item -> LOG.infof("SQS message %s (batch %s) will be received again: %s failed with %s",
                messageId, ran.report().batchId(), Redaction.forLog(URI.create(item.url())),
                item.failure().kind().json()));
        return again.isEmpty();
    }
}
