package dev.haul.batch;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.model.Delivery;

/**
 * What a trigger hands the {@link BatchService}: the batch document as it arrived (a batch, a single item, or a
 * {@code manifestUrl}), the batch id to use when the document names none (so that a redelivered event is the same
 * batch), whether this is a redelivery, how much the trigger's invocation can run in place, whether the document
 * is one of Haul's own queue messages, and for a retry the batch it repairs.
 */
public record Submission(JsonNode document, String defaultBatchId, Delivery delivery, InPlaceLimit limit,
        boolean fromQueue, String parent) {

    /** A document from a caller: it may not claim to be a part of a queued batch. */
    public Submission(JsonNode document, String defaultBatchId, Delivery delivery, InPlaceLimit limit) {
        this(document, defaultBatchId, delivery, limit, false, null);
    }

    /** A batch that runs in this invocation whatever its size (Distributed Map's item batches). */
    public static Submission runHere(JsonNode document, String defaultBatchId, Delivery delivery) {
        return new Submission(document, defaultBatchId, delivery, InPlaceLimit.NONE);
    }

    /**
     * A message received from the queue: Haul's own parts run here; anything else sent to the queue (a list pointer,
     * a batch) is spread over it like a direct invocation.
     */
    public static Submission fromQueue(JsonNode document, String defaultBatchId, Delivery delivery,
            InPlaceLimit spreading) {
        boolean part = document != null && document.has("part");
        String parent = document != null && document.path("parent").isTextual()
                ? document.get("parent").asText()
                : null;
        return new Submission(document, defaultBatchId, delivery, part ? InPlaceLimit.NONE : spreading, true, parent);
    }

    /** A batch of the failed items of {@code parent}. */
    public Submission retryOf(String parent) {
        return new Submission(document, defaultBatchId, delivery, limit, fromQueue, parent);
    }

    /**
     * Refuses the fields only Haul's own queue messages carry, from anyone else: with them a caller could write part
     * records of another batch, or make up lines its list never had.
     */
    void checkOrigin() {
        if (fromQueue || document == null) {
            return;
        }
        for (String internal : new String[]{"part", "rejectedLines"}) {
            if (document.has(internal)) {
                throw new InvalidBatchException(internal, "is written by Haul on its own queue messages only");
            }
        }
    }
}
