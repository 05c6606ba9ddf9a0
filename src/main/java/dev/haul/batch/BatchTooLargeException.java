package dev.haul.batch;

/** A batch refused for its size alone (too many items, too large a document): HTTP 413 rather than 400. */
public class BatchTooLargeException extends InvalidBatchException {

    public BatchTooLargeException(String field, String message) {
        super(field, message);
    }
}
