package dev.haul.batch;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.report.BatchStatus;
import dev.haul.report.BatchStatusReader;

/**
 * Submits the failed items of a finished batch again, as a new batch that names it as its parent: the batch's retry
 * list ({@code {batchId}/retry.jsonl}, written when it finished) becomes the new batch's list, with the parent's
 * {@code maxBytes} and {@code overwrite}. Its items carry their keys (relative to the data prefix), so what is stored
 * lands where the first attempt would have put it. Item headers are never written to S3, so a retried item is fetched
 * without the headers it was first given.
 */
@ApplicationScoped
public class Retries {

    private final BatchStatusReader statuses;
    private final BatchService batches;
    private final ObjectMapper json;

    Retries(BatchStatusReader statuses, BatchService batches, ObjectMapper json) {
        this.statuses = statuses;
        this.batches = batches;
        this.json = json;
    }

    /** Retries {@code parent}'s failed items; {@code field} names where the caller gave the parent's id. */
    public Uni<BatchOutcome> submit(String parent, String field, InPlaceLimit limit, Deadline deadline) {
        if (!BatchIds.isValid(parent)) {
            return refused(new InvalidBatchException(field, "is not a batch id"));
        }
        return statuses.status(parent).flatMap(found -> {
            if (found.isEmpty()) {
                return refused(new RetryRefusedException(field, "Haul has no record of batch " + parent, true));
            }
            BatchStatus status = found.get();
            if (status.state() != BatchStatus.State.DONE) {
                return refused(new RetryRefusedException(field, "batch " + parent + " is still "
                        + status.state().json() + "; retry it once it is done", false));
            }
            if (status.retryList() == null) {
                return refused(new RetryRefusedException(field, "batch " + parent + " has no failed items to retry",
                        false));
            }
            return statuses.options(parent).flatMap(options -> batches.submit(new Submission(
                    document(parent, status, options), null, Delivery.FIRST, limit).retryOf(parent), deadline));
        });
    }

    private ObjectNode document(String parent, BatchStatus status, JsonNode parentOptions) {
        ObjectNode document = json.createObjectNode();
        document.put("batchId", retryId(parent));
        document.put("manifestUrl", "s3://" + status.retryList().bucket() + "/" + status.retryList().key());
        ObjectNode options = document.putObject("options");
        // The prefix is not carried over: the retry list's keys already include it.
        for (String kept : new String[]{"maxBytes", "overwrite"}) {
            if (parentOptions.has(kept)) {
                options.set(kept, parentOptions.get(kept));
            }
        }
        return document;
    }

    /** {@code <parent>-retry-<8 hex>}, within the 128 characters a batch id may have. */
    static String retryId(String parent) {
        byte[] suffix = new byte[4];
        ThreadLocalRandom.current().nextBytes(suffix);
        String tail = "-retry-" + HexFormat.of().formatHex(suffix);
        return parent.substring(0, Math.min(parent.length(), 128 - tail.length())) + tail;
    }

    private static Uni<BatchOutcome> refused(InvalidBatchException reason) {
        return Uni.createFrom().item(new BatchOutcome.Refused(reason));
    }
}
