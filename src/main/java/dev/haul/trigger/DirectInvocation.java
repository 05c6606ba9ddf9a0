package dev.haul.trigger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchService;
import dev.haul.batch.Submission;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;

/**
 * A batch invoked directly ({@code aws lambda invoke}, Step Functions, an EventBridge Scheduler target, whose input
 * arrives bare): a batch JSON, a single {@code url} or a {@code manifestUrl}. Answers with the report, or a
 * {@link Problem} when the batch cannot run as given.
 */
@ApplicationScoped
public class DirectInvocation {

    private final BatchService batches;

    public DirectInvocation(BatchService batches) {
        this.batches = batches;
    }

    public Uni<Object> handle(JsonNode event, Deadline deadline) {
        return batches.submit(Submission.runHere(event, null, Delivery.FIRST), deadline).map(Answers::forInvoker);
    }
}
