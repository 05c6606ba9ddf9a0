package dev.haul.trigger;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.haul.model.Deadline;

/**
 * The HTTP API (API Gateway HTTP API, payload format 2.0), as a router: {@code POST /batches} ({@link PostBatches}),
 * {@code GET /batches/{batchId}} ({@link GetBatch}) and {@code POST /batches/{batchId}/retry} ({@link PostRetry}).
 * Every answer, errors included, is a JSON document; what could not be served at all is a 500 problem with the
 * reason in the function's log, never a stack trace.
 */
@ApplicationScoped
public class ApiGatewayTrigger {

    static final String BATCHES = "/batches";
    private static final String RETRY = "/retry";
    private static final Logger LOG = Logger.getLogger(ApiGatewayTrigger.class);

    private final PostBatches post;
    private final GetBatch get;
    private final PostRetry retry;
    private final ApiResponses responses;

    ApiGatewayTrigger(PostBatches post, GetBatch get, PostRetry retry, ApiResponses responses) {
        this.post = post;
        this.get = get;
        this.retry = retry;
        this.responses = responses;
    }

    public Uni<APIGatewayV2HTTPResponse> handle(JsonNode event, Deadline deadline) {
        ApiRequest request = ApiRequest.of(event);
        return Uni.createFrom().deferred(() -> route(request, deadline))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "%s %s could not be served", request.method(), request.path());
                    return responses.problem(Problem.internal("the request could not be served; see the function's "
                            + "log"));
                });
    }

    private Uni<APIGatewayV2HTTPResponse> route(ApiRequest request, Deadline deadline) {
        String method = request.method();
        String path = request.path();
        if (path.equals(BATCHES)) {
            return method.equals("POST") ? post.handle(request, deadline) : notAllowed(method, "POST");
        }
        if (path.startsWith(BATCHES + "/") && path.indexOf('/', BATCHES.length() + 1) < 0) {
            return method.equals("GET") ? get.handle(path.substring(BATCHES.length() + 1)) : notAllowed(method, "GET");
        }
        if (path.startsWith(BATCHES + "/") && path.endsWith(RETRY)
                && path.indexOf('/', BATCHES.length() + 1) == path.length() - RETRY.length()) {
            String batchId = path.substring(BATCHES.length() + 1, path.length() - RETRY.length());
            return method.equals("POST") ? retry.handle(batchId, deadline) : notAllowed(method, "POST");
        }
        return Uni.createFrom().item(responses.problem(new Problem("urn:haul:problem:not-found", "Not found", 404,
                "no route " + method + " " + path + "; the API has POST /batches, GET /batches/{batchId} and "
                        + "POST /batches/{batchId}/retry",
                null)));
    }

    private Uni<APIGatewayV2HTTPResponse> notAllowed(String method, String allowed) {
        return Uni.createFrom().item(responses.problem(new Problem("urn:haul:problem:method-not-allowed",
                "Method not allowed", 405, method + " is not allowed here; use " + allowed, null),
                Map.of("Allow", allowed)));
    }
}
