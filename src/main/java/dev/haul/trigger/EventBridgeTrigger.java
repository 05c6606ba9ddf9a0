package dev.haul.trigger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchOutcome;
import dev.haul.batch.BatchService;
import dev.haul.batch.Submission;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;

/**
 * EventBridge events: a custom event (any {@code detail-type}) whose {@code detail} is a batch or a
 * {@code manifestUrl}, and a scheduled rule's bare {@code Scheduled Event}, whose empty {@code detail} means "fetch
 * the configured default list" ({@code haul.schedule.manifest-url}). The batch id defaults to {@code eb-<event id>},
 * so a retried delivery of the same event is the same batch.
 */
@ApplicationScoped
public class EventBridgeTrigger {

    private static final Logger LOG = Logger.getLogger(EventBridgeTrigger.class);

    private final ObjectMapper json;
    private final BatchService batches;
    private final HaulConfig config;

    public EventBridgeTrigger(ObjectMapper json, BatchService batches, HaulConfig config) {
        this.json = json;
        this.batches = batches;
        this.config = config;
    }

    public Uni<Object> handle(JsonNode event, Deadline deadline) {
        String detailType = event.path("detail-type").asText();
        String eventId = event.path("id").asText("");
        JsonNode detail = event.path("detail");
        if (detail.isMissingNode() || detail.isNull() || detail.isEmpty()) {
            if (config.schedule().manifestUrl().isEmpty()) {
                LOG.warnf("EventBridge event %s (%s) has an empty detail and haul.schedule.manifest-url is not set; "
                        + "nothing to fetch", eventId, detailType);
                return Uni.createFrom().item(Problem.invalidBatch("the event has an empty detail and no default URL "
                        + "list is configured (haul.schedule.manifest-url)", "detail"));
            }
            detail = json.createObjectNode().put("manifestUrl", config.schedule().manifestUrl().get());
        }
        String defaultId = eventId.isEmpty() ? null : "eb-" + eventId.replaceAll("[^A-Za-z0-9._-]", "-");
        return batches.submit(Submission.runHere(detail, defaultId, Delivery.FIRST), deadline)
                .invoke(outcome -> {
                    if (outcome instanceof BatchOutcome.Refused refused) {
                        LOG.warnf("EventBridge event %s (%s) refused: %s", eventId, detailType,
                                refused.reason().getMessage());
                    }
                })
                .map(Answers::forInvoker);
    }
}
