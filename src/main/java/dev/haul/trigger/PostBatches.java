package dev.haul.trigger;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchOutcome;
import dev.haul.batch.BatchService;
import dev.haul.batch.InPlaceLimit;
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

    private final ObjectMapper json;
    private final BatchService batches;
    private final ApiResponses responses;
    private final HaulConfig.Api config;

    PostBatches(ObjectMapper json, BatchService batches, ApiResponses responses, HaulConfig config) {
        this.json = json;
        this.batches = batches;
        this.responses = responses;
        this.config = config.api();
    }

    Uni<APIGatewayV2HTTPResponse> handle(ApiRequest request, Deadline deadline) {
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return answer(new Problem("urn:haul:problem:unsupported-media-type", "Unsupported media type", 415,
                    "send the batch as application/json, not "
                            + (contentType == null ? "without a Content-Type" : contentType),
                    "Content-Type"));
        }
        byte[] body = request.body();
        long maxBody = config.maxBodySize().asLongValue();
        if (body.length > maxBody) {
            return answer(Problem.tooLarge("the request body is " + body.length + " bytes, more than the limit of "
                    + maxBody, null));
        }
        JsonNode document;
        try {
            document = json.readTree(body);
        } catch (JsonProcessingException e) {
            return answer(Problem.invalidJson("the body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return answer(Problem.invalidJson("the body could not be read"));
        }
        InPlaceLimit limit = new InPlaceLimit(config.syncMaxItems(), config.syncMaxBytes().asLongValue());
        return batches.submit(new Submission(document, null, Delivery.FIRST, limit), deadline).map(this::response);
    }

    private APIGatewayV2HTTPResponse response(BatchOutcome outcome) {
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
        return responses.problem(Problem.of(((BatchOutcome.Refused) outcome).reason()));
    }

    private Uni<APIGatewayV2HTTPResponse> answer(Problem problem) {
        return Uni.createFrom().item(responses.problem(problem));
    }
}
