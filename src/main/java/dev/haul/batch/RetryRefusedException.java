package dev.haul.batch;

/**
 * A retry that cannot be made: the batch is unknown ({@link #unknownBatch}: 404), or it is not done yet or had no
 * failed items (409).
 */
public class RetryRefusedException extends InvalidBatchException {

    private final boolean unknownBatch;

    RetryRefusedException(String field, String message, boolean unknownBatch) {
        super(field, message);
        this.unknownBatch = unknownBatch;
    }

    public boolean unknownBatch() {
        return unknownBatch;
    }
}
