package dev.haul.trigger;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchIds;
import dev.haul.report.BatchStatusReader;

/**
 * {@code GET /batches/{batchId}}: the batch's state, totals so far and where its manifest is (see
 * {@link BatchStatusReader}), or 404 for a batch Haul has no record of.
 */
@ApplicationScoped
class GetBatch {

    private final BatchStatusReader batches;
    private final ApiResponses responses;

    GetBatch(BatchStatusReader batches, ApiResponses responses) {
        this.batches = batches;
        this.responses = responses;
    }

    Uni<APIGatewayV2HTTPResponse> handle(String batchId) {
        if (!BatchIds.isValid(batchId)) {
            return Uni.createFrom().item(responses.problem(Problem.invalidBatch("not a batch id: " + batchId,
                    "batchId")));
        }
        return batches.status(batchId).map(status -> status
                .map(found -> responses.json(200, found))
                .orElseGet(() -> responses.problem(new Problem("urn:haul:problem:no-batch", "No such batch", 404,
                        "Haul has no record of batch " + batchId + ": it is unknown, or still running where it "
                                + "was submitted",
                        null))));
    }
}
