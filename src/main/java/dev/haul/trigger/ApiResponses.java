package dev.haul.trigger;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP API responses: always JSON, problems as {@code application/problem+json}. */
final class ApiResponses {

    private ApiResponses() {}

    static APIGatewayV2HTTPResponse json(ObjectMapper json, int status, Object body) {
        return response(json, status, body, "application/json", Map.of());
    }

    static APIGatewayV2HTTPResponse problem(ObjectMapper json, Problem problem) {
        return problem(json, problem, Map.of());
    }

    static APIGatewayV2HTTPResponse problem(ObjectMapper json, Problem problem, Map<String, String> headers) {
        return response(json, problem.status(), problem, "application/problem+json", headers);
    }

    private static APIGatewayV2HTTPResponse response(ObjectMapper json, int status, Object body, String type,
            Map<String, String> extraHeaders) {
        Map<String, String> headers = new java.util.HashMap<>(extraHeaders);
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
