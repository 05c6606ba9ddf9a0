package dev.haul.trigger;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchOutcome;
import dev.haul.batch.InPlaceLimit;
import dev.haul.batch.Retries;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;

/**
 * {@code POST /batches/{batchId}/retry}: the failed items of a finished batch, submitted as a new batch that names it
 * as its parent, answered as {@code POST /batches} is (202 when queued, with the new batch's status URL); 404 for an
 * unknown batch, 409 for one still running or without failed items.
 */
@ApplicationScoped
class PostRetry {

    private final Retries retries;
    private final PostBatches post;
    private final ApiResponses responses;
    private final HaulConfig.Api config;

    PostRetry(Retries retries, PostBatches post, ApiResponses responses, HaulConfig config) {
        this.retries = retries;
        this.post = post;
        this.responses = responses;
        this.config = config.api();
    }

    Uni<APIGatewayV2HTTPResponse> handle(String batchId, Deadline deadline) {
        InPlaceLimit limit = InPlaceLimit.api(config);
        return retries.submit(batchId, "batchId", limit, deadline).map(outcome -> {
            if (outcome instanceof BatchOutcome.Queued queued) {
                Map<String, Object> accepted = Answers.queuedBody(queued);
                accepted.put("parent", batchId);
                accepted.put("statusUrl", ApiGatewayTrigger.BATCHES + "/" + queued.batchId());
                return responses.json(202, accepted);
            }
            return post.response(outcome);
        });
    }
}
