package dev.haul.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.haul.batch.BatchParser;
import dev.haul.batch.BatchRequest;
import dev.haul.batch.BatchRunner;
import dev.haul.batch.Deadline;
import dev.haul.batch.InvalidBatchException;
import dev.haul.report.BatchReport;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A batch JSON invoked directly ({@code aws lambda invoke}, Step Functions, another function): answers with the
 * {@link BatchReport}, or a {@link Problem} when the batch cannot run as given.
 */
@ApplicationScoped
public class DirectInvocation {

    private final BatchParser parser;
    private final BatchRunner runner;

    public DirectInvocation(BatchParser parser, BatchRunner runner) {
        this.parser = parser;
        this.runner = runner;
    }

    public Object handle(JsonNode event, Deadline deadline) {
        try {
            BatchRequest batch = parser.parse(event);
            return runner.run(batch, deadline).await().atMost(deadline.remainingToComplete().plus(deadline.margin()));
        } catch (InvalidBatchException e) {
            return Problem.invalidBatch(e.getMessage(), e.field());
        }
    }
}
