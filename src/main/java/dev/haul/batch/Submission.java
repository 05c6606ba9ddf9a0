package dev.haul.batch;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.model.Delivery;

/**
 * What a trigger hands the {@link BatchService}: the batch document as it arrived (a batch, a single item, or a
 * {@code manifestUrl}), the batch id to use when the document names none (so that a redelivered event is the same
 * batch), whether this is a redelivery, and how much the trigger's invocation can run in place.
 */
public record Submission(JsonNode document, String defaultBatchId, Delivery delivery, InPlaceLimit limit) {

    /** A batch that runs in this invocation whatever its size (the queue's own workers, Distributed Map). */
    public static Submission runHere(JsonNode document, String defaultBatchId, Delivery delivery) {
        return new Submission(document, defaultBatchId, delivery, InPlaceLimit.NONE);
    }
}
