package dev.haul.trigger;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP API responses: always JSON, problems as {@code application/problem+json}. */
@ApplicationScoped
class ApiResponses {

    private final ObjectMapper json;

    ApiResponses(ObjectMapper json) {
        this.json = json;
    }

    APIGatewayV2HTTPResponse json(int status, Object body) {
        return response(status, body, "application/json", Map.of());
    }

    APIGatewayV2HTTPResponse problem(Problem problem) {
        return problem(problem, Map.of());
    }

    APIGatewayV2HTTPResponse problem(Problem problem, Map<String, String> headers) {
        return response(problem.status(), problem, "application/problem+json", headers);
    }

    private APIGatewayV2HTTPResponse response(int status, Object body, String type, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", type);
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(headers)
                    .withBody(json.writeValueAsString(body))
                    .withIsBase64Encoded(false)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("responses are always serialisable", e);
        }
    }
}
