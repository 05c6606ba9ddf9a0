package dev.haul.trigger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

import jakarta.inject.Named;

import org.jboss.logging.MDC;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.InvalidJsonException;
import dev.haul.batch.JsonInput;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;
import dev.haul.model.LogFields;

/**
 * Haul's one Lambda entry point ({@code quarkus.lambda.handler=haul}). It reads the raw event strictly and within
 * limits ({@link JsonInput}), so that malformed or oversized JSON gets a clear answer instead of a deserialisation
 * stack trace, and routes it by shape: API Gateway events carry
 * {@code requestContext} and {@code rawPath}, SQS events {@code Records[].eventSource = aws:sqs}, EventBridge events
 * {@code detail-type} and {@code source}, a Step Functions Distributed Map's item batch an {@code Items} array;
 * anything else is a batch invoked directly.
 */
@Named("haul")
public class HaulHandler implements RequestStreamHandler {

    private final ObjectMapper json;
    private final JsonInput events;
    private final DirectInvocation direct;
    private final ApiGatewayTrigger api;
    private final SqsTrigger sqs;
    private final EventBridgeTrigger eventBridge;
    private final DistributedMapTrigger distributedMap;
    private final HaulConfig config;

    public HaulHandler(ObjectMapper json, JsonInput events, DirectInvocation direct, ApiGatewayTrigger api,
            SqsTrigger sqs,
            EventBridgeTrigger eventBridge, DistributedMapTrigger distributedMap, HaulConfig config) {
        this.json = json;
        this.events = events;
        this.direct = direct;
        this.api = api;
        this.sqs = sqs;
        this.eventBridge = eventBridge;
        this.distributedMap = distributedMap;
        this.config = config;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Deadline deadline = Deadline.fromRemainingMillis(context.getRemainingTimeInMillis(),
                config.batch().deadlineMargin(), config.fetch().totalTimeout());
        MDC.put(LogFields.REQUEST_ID, context.getAwsRequestId() == null ? "" : context.getAwsRequestId());
        try {
            json.writeValue(output, route(input, deadline));
        } finally {
            MDC.remove(LogFields.REQUEST_ID);
        }
    }

    private Object route(InputStream input, Deadline deadline) {
        JsonNode event;
        try {
            event = events.read(input, "the event");
        } catch (InvalidJsonException e) {
            return Problem.of(e, null);
        }
        if (!event.isObject()) {
            return Problem.invalidJson("the event must be a JSON object, not " + event.getNodeType().name()
                    .toLowerCase(Locale.ROOT));
        }
        Uni<?> answer = switch (EventShape.of(event)) {
            case API_GATEWAY -> api.handle(event, deadline);
            case SQS -> sqs.handle(event, deadline);
            case EVENTBRIDGE -> eventBridge.handle(event, deadline);
            case DISTRIBUTED_MAP -> distributedMap.handle(event, deadline);
            case DIRECT -> direct.handle(event, deadline);
        };
        // The one place that waits: items stop at the deadline's cut-off and the report follows, so this bound is
        // only reached if something hangs, and then Lambda hears of it before it ends the invocation.
        return answer.await().atMost(deadline.untilReported());
    }
}
