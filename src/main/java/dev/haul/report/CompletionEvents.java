package dev.haul.report;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

import dev.haul.config.HaulConfig;

/**
 * Tells EventBridge that a batch has finished: one "Haul Batch Completed" event, source {@code haul}, on the bus of
 * {@code haul.events.bus}, its detail the batch's final {@link BatchStatus}. A pipeline (Glue, Step Functions, an
 * Airflow sensor) starts from it with a rule on that detail type. A refused entry fails the call, so that the part
 * that finished the batch is received again and sends it again.
 */
@ApplicationScoped
public class CompletionEvents {

    static final String SOURCE = "haul";
    static final String DETAIL_TYPE = "Haul Batch Completed";

    private static final Logger LOG = Logger.getLogger(CompletionEvents.class);

    private final EventBridgeAsyncClient events;
    private final ObjectMapper json;
    private final HaulConfig.Events config;

    CompletionEvents(EventBridgeAsyncClient events, ObjectMapper json, HaulConfig config) {
        this.events = events;
        this.json = json;
        this.config = config.events();
    }

    Uni<Void> send(BatchStatus done) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(config.bus())
                .source(SOURCE)
                .detailType(DETAIL_TYPE)
                .detail(detail(done))
                .build();
        return Uni.createFrom().completionStage(() -> events.putEvents(r -> r.entries(entry)))
                .invoke(response -> {
                    if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                        var refused = response.entries().get(0);
                        throw new IllegalStateException("EventBridge refused the completion event of batch "
                                + done.batchId() + ": " + refused.errorCode() + " " + refused.errorMessage());
                    }
                    LOG.infof("batch %s: completion event sent to bus %s", done.batchId(), config.bus());
                })
                .replaceWithVoid();
    }

    private String detail(BatchStatus done) {
        try {
            return json.writeValueAsString(done);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status is always serialisable", e);
        }
    }
}
