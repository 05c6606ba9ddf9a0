package dev.haul.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.haul.batch.BatchIdTakenException;
import dev.haul.batch.BatchOutcome;
import dev.haul.batch.BatchTooLargeException;
import dev.haul.batch.InvalidBatchException;
import dev.haul.batch.InvalidJsonException;
import dev.haul.batch.RetryRefusedException;

/**
 * An error answer in the shape of RFC 9457 problem details: a stable {@code type}, a short {@code title}, the HTTP-like
 * {@code status}, a {@code detail} for people and the offending {@code field} when there is one. Never a stack trace.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static Problem invalidBatch(String detail, String field) {
        return new Problem("urn:haul:problem:invalid-batch", "Invalid batch", 400, detail, field);
    }

    public static Problem tooLarge(String detail, String field) {
        return new Problem("urn:haul:problem:too-large", "Batch too large", 413, detail, field);
    }

    public static Problem of(InvalidBatchException e) {
        if (e instanceof BatchIdTakenException) {
            return new Problem("urn:haul:problem:batch-id-taken", "Batch id taken", 409, e.getMessage(), e.field());
        }
        if (e instanceof RetryRefusedException retry) {
            return retry.unknownBatch()
                    ? new Problem("urn:haul:problem:no-batch", "No such batch", 404, e.getMessage(), e.field())
                    : new Problem("urn:haul:problem:not-retryable", "Nothing to retry now", 409, e.getMessage(),
                            e.field());
        }
        return e instanceof BatchTooLargeException
                ? tooLarge(e.getMessage(), e.field())
                : invalidBatch(e.getMessage(), e.field());
    }

    /** A batch too large to run in this invocation, when no queue is configured to take it. */
    public static Problem needsQueue(BatchOutcome.NeedsQueue batch) {
        return new Problem("urn:haul:problem:queue-not-configured", "Batch too large to run now", 503,
                "batch " + batch.batchId() + " needs the queue (" + batch.items() + " items, or too many bytes to "
                        + "finish in time), and haul.queue.url is not set", null);
    }

    /** A document that could not be read as JSON; {@code field} names where it was, when it was inside the event. */
    public static Problem of(InvalidJsonException e, String field) {
        return e.tooLarge()
                ? new Problem("urn:haul:problem:too-large", "Too large", 413, e.getMessage(), field)
                : new Problem("urn:haul:problem:invalid-json", "Invalid JSON", 400, e.getMessage(), field);
    }

    public static Problem invalidJson(String detail) {
        return new Problem("urn:haul:problem:invalid-json", "Invalid JSON", 400, detail, null);
    }

    public static Problem internal(String detail) {
        return new Problem("urn:haul:problem:internal", "Batch could not run", 500, detail, null);
    }
}
