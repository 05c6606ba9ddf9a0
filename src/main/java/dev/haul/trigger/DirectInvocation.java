package dev.haul.trigger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchService;
import dev.haul.batch.InPlaceLimit;
import dev.haul.batch.Submission;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;

/**
 * A batch invoked directly ({@code aws lambda invoke}, Step Functions, an EventBridge Scheduler target, whose input
 * arrives bare): a batch JSON, a single {@code url} or a {@code manifestUrl}. Answers with the report, with where a
 * batch too large for one invocation went ({@code status: queued}), or a {@link Problem} when the batch cannot run as
 * given.
 */
@ApplicationScoped
public class DirectInvocation {

    private final BatchService batches;
    private final HaulConfig config;

    public DirectInvocation(BatchService batches, HaulConfig config) {
        this.batches = batches;
        this.config = config;
    }

    public Uni<Object> handle(JsonNode event, Deadline deadline) {
        return batches.submit(new Submission(event, null, Delivery.FIRST, InPlaceLimit.spreading(config.batch())),
                deadline).map(Answers::forInvoker);
    }
}
