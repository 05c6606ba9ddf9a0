package dev.haul.trigger;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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
 * EventBridge events: a custom event (any {@code detail-type}) whose {@code detail} is a batch or a
 * {@code manifestUrl}, and a scheduled rule's bare {@code Scheduled Event}, whose empty {@code detail} means "fetch
 * the configured default list" ({@code haul.schedule.manifest-url}). Any other detail (missing, null, not an object,
 * or empty on a custom event) is refused with a log line and a problem document. The batch id defaults to {@code eb-<event id>},
 * so a retried delivery of the same event is the same batch.
 */
@ApplicationScoped
public class EventBridgeTrigger {

    private static final Logger LOG = Logger.getLogger(EventBridgeTrigger.class);
    /** The detail-type of an EventBridge rule's schedule (and of Scheduler's EventBridge-shaped targets). */
    private static final String SCHEDULED = "Scheduled Event";

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
        boolean scheduled = SCHEDULED.equals(detailType);
        if (scheduled && detail.isObject() && detail.isEmpty()) {
            if (config.schedule().manifestUrl().isEmpty()) {
                return refuse(eventId, detailType, "the scheduled event has an empty detail and no default URL list "
                        + "is configured (haul.schedule.manifest-url)");
            }
            detail = json.createObjectNode().put("manifestUrl", config.schedule().manifestUrl().get());
        } else if (!detail.isObject() || detail.isEmpty()) {
            // Only a schedule's own empty detail means "the default list": a custom event that lost its detail must
            // not start the nightly mirror.
            return refuse(eventId, detailType, "detail must be a batch object (\"items\", \"urls\", \"url\" or "
                    + "\"manifestUrl\"), not " + describe(detail) + (scheduled
                            ? ""
                            : "; only a \"" + SCHEDULED
                                    + "\" with an empty detail runs the default list"));
        }
        String defaultId = eventId.isEmpty() ? null : "eb-" + eventId.replaceAll("[^A-Za-z0-9._-]", "-");
        return batches.submit(new Submission(detail, defaultId, Delivery.FIRST, InPlaceLimit.spreading(config
                .batch())), deadline)
                .invoke(outcome -> {
                    if (outcome instanceof BatchOutcome.Refused refused) {
                        LOG.warnf("EventBridge event %s (%s) refused: %s", eventId, detailType,
                                refused.reason().getMessage());
                    }
                })
                .map(Answers::forInvoker);
    }

    private static Uni<Object> refuse(String eventId, String detailType, String reason) {
        LOG.warnf("EventBridge event %s (%s) refused: %s", eventId, detailType, reason);
        return Uni.createFrom().item(Problem.invalidBatch(reason, "detail"));
    }

    private static String describe(JsonNode detail) {
        if (detail.isMissingNode()) {
            return "missing";
        }
        if (detail.isObject()) {
            return "an empty object";
        }
        return detail.isTextual() && detail.asText().isEmpty()
                ? "an empty string"
                : "a " + detail.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
