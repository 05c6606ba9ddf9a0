package dev.haul.local;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a function's answer to an SQS event the way Lambda's event source mapping does with
 * {@code ReportBatchItemFailures}: no answer, no {@code batchItemFailures} or an empty list is a complete success; an
 * unreadable answer, or an entry whose {@code itemIdentifier} is missing, empty or names no message of the batch,
 * fails the whole batch.
 */
final class BatchItemFailures {

    private BatchItemFailures() {}

    /** The message ids to leave on the queue, from those of the batch ({@code batch}). */
    static Set<String> toKeep(ObjectMapper json, byte[] response, List<String> batch) {
        JsonNode answer;
        try {
            answer = response.length == 0 ? null : json.readTree(response);
        } catch (IOException unreadable) {
            return Set.copyOf(batch);
        }
        if (answer == null || answer.isNull()) {
            return Set.of();
        }
        JsonNode failures = answer.path("batchItemFailures");
        if (!answer.isObject() || !(failures.isMissingNode() || failures.isNull() || failures.isArray())) {
            return Set.copyOf(batch);
        }
        Set<String> keep = new HashSet<>();
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            if (!batch.contains(id)) {
                return Set.copyOf(batch);
            }
            keep.add(id);
        }
        return Set.copyOf(keep);
    }
}
