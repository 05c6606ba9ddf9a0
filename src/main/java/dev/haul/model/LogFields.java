package dev.haul.model;

/** The MDC keys that put the Lambda request id and the batch id on every log line about a batch (JSON fields). */
public final class LogFields {

    public static final String REQUEST_ID = "requestId";
    public static final String BATCH_ID = "batchId";

    private LogFields() {}
}
