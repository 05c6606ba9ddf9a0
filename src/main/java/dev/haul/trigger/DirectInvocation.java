package dev.haul.trigger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchService;
import dev.haul.batch.InPlaceLimit;
import dev.haul.batch.Retries;
import dev.haul.batch.Submission;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;

/**
 * A batch invoked directly ({@code aws lambda invoke}, Step Functions, an EventBridge Scheduler target, whose input
 * arrives bare): a batch JSON, a single {@code url}, a {@code manifestUrl}, or {@code retryOf} a finished batch. Answers with the report, with where a
 * batch too large for one invocation went ({@code status: queued}), or a {@link Problem} when the batch cannot run as
 * given.
 */
@ApplicationScoped
public class DirectInvocation {

    private final BatchService batches;
    private final Retries retries;
    private final HaulConfig config;

    public DirectInvocation(BatchService batches, Retries retries, HaulConfig config) {
        this.batches = batches;
        this.retries = retries;
        this.config = config;
    }

    public Uni<Object> handle(JsonNode event, Deadline deadline) {
        InPlaceLimit limit = InPlaceLimit.spreading(config.batch());
        if (event.has("retryOf")) {
            return retry(event, limit, deadline);
        }
        return batches.submit(new Submission(event, null, Delivery.FIRST, limit), deadline).map(Answers::forInvoker);
    }

    /** {@code {"retryOf": "<batchId>"}}: the failed items of that finished batch, as a new batch. */
    private Uni<Object> retry(JsonNode event, InPlaceLimit limit, Deadline deadline) {
        JsonNode parent = event.get("retryOf");
        if (event.size() != 1 || !parent.isTextual()) {
            return Uni.createFrom().item(Problem.invalidBatch("a retry is {\"retryOf\": \"<batchId>\"} and nothing "
                    + "else", "retryOf"));
        }
        return retries.submit(parent.asText(), "retryOf", limit, deadline).map(Answers::forInvoker);
    }
}
