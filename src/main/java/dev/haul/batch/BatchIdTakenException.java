package dev.haul.batch;

/**
 * A batch given the id of another: one that ran in place, finished, or was queued from something else. Its records
 * are not touched (HTTP 409).
 */
public class BatchIdTakenException extends InvalidBatchException {

    BatchIdTakenException(String batchId) {
        super("batchId", "batch id " + batchId + " is already taken by another batch; give a new one, or none and Haul "
                + "makes one");
    }
}
