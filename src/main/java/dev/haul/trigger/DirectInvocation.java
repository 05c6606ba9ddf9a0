package dev.haul.trigger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.batch.BatchRequest;
import dev.haul.batch.BatchRunner;
import dev.haul.batch.InvalidBatchException;
import dev.haul.model.Deadline;
import dev.haul.report.BatchReport;

/**
 * A batch invoked directly ({@code aws lambda invoke}, Step Functions, an EventBridge Scheduler target, whose input
 * arrives bare): a batch JSON or a {@code manifestUrl}. Answers with the {@link BatchReport}, or a {@link Problem}
 * when the batch cannot run as given.
 */
@ApplicationScoped
public class DirectInvocation {

    private final BatchSource source;
    private final BatchRunner runner;

    public DirectInvocation(BatchSource source, BatchRunner runner) {
        this.source = source;
        this.runner = runner;
    }

    public Object handle(JsonNode event, Deadline deadline) {
        try {
            BatchRequest batch = source.read(event, null).await().atMost(deadline.remaining());
            return runner.run(batch, deadline).await().atMost(deadline.untilReported());
        } catch (InvalidBatchException e) {
            return Problem.of(e);
        }
    }
}
