package dev.haul.trigger;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

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

/**
 * {@code POST /batches}: any batch form the other triggers take (items, urls, a single url, a manifestUrl). A batch
 * small enough to finish inside API Gateway's timeout runs while the caller waits (200 with the report, whatever
 * became of each item); a larger one is queued (202 with where its manifest will be).
 */
@ApplicationScoped
class PostBatches {

    private final JsonInput input;
    private final BatchService batches;
    private final ApiResponses responses;
    private final HaulConfig.Api config;

    PostBatches(JsonInput input, BatchService batches, ApiResponses responses, HaulConfig config) {
        this.input = input;
        this.batches = batches;
        this.responses = responses;
        this.config = config.api();
    }

    Uni<APIGatewayV2HTTPResponse> handle(ApiRequest request, Deadline deadline) {
        String mediaType = request.mediaType();
        // No Content-Type at all is read as JSON: AWS's own sample HTTP API event carries none, nor do many clients.
        if (mediaType != null && !mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            return answer(new Problem("urn:haul:problem:unsupported-media-type", "Unsupported media type", 415,
                    "send the batch as application/json, not " + mediaType, "Content-Type"));
        }
        byte[] body;
        try {
            body = request.body();
        } catch (InvalidJsonException e) {
            return answer(Problem.of(e, "body"));
        } catch (IllegalArgumentException e) {
            return answer(new Problem("urn:haul:problem:invalid-body", "Invalid body", 400,
                    "the event says the body is base64 (isBase64Encoded) but it is not valid base64", "body"));
        }
        long maxBody = config.maxBodySize().asLongValue();
        if (body.length > maxBody) {
            return answer(Problem.tooLarge("the request body is " + body.length + " bytes, more than the limit of "
                    + maxBody, null));
        }
        JsonNode document;
        try {
            document = input.read(body, "the body");
        } catch (InvalidJsonException e) {
            return answer(Problem.of(e, "body"));
        }
        InPlaceLimit limit = InPlaceLimit.api(config);
        return batches.submit(new Submission(document, null, Delivery.FIRST, limit), deadline).map(this::response);
    }

    APIGatewayV2HTTPResponse response(BatchOutcome outcome) {
        if (outcome instanceof BatchOutcome.Ran ran) {
            return responses.json(200, ran.report());
        }
        if (outcome instanceof BatchOutcome.Queued queued) {
            Map<String, Object> accepted = Answers.queuedBody(queued);
            accepted.put("statusUrl", ApiGatewayTrigger.BATCHES + "/" + queued.batchId());
            return responses.json(202, accepted);
        }
        if (outcome instanceof BatchOutcome.NeedsQueue needsQueue) {
            return responses.problem(Problem.needsQueue(needsQueue));
        }
        if (outcome instanceof BatchOutcome.Refused refused) {
            return responses.problem(Problem.of(refused.reason()));
        }
        throw new IllegalStateException("a caller's batch is never a part of a queued one: " + outcome);
    }

    private Uni<APIGatewayV2HTTPResponse> answer(Problem problem) {
        return Uni.createFrom().item(responses.problem(problem));
    }
}
