package dev.haul.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

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

    public static Problem of(dev.haul.batch.InvalidBatchException e) {
        return e instanceof dev.haul.batch.BatchTooLargeException
                ? tooLarge(e.getMessage(), e.field())
                : invalidBatch(e.getMessage(), e.field());
    }

    public static Problem invalidJson(String detail) {
        return new Problem("urn:haul:problem:invalid-json", "Invalid JSON", 400, detail, null);
    }

    public static Problem internal(String detail) {
        return new Problem("urn:haul:problem:internal", "Batch could not run", 500, detail, null);
    }
}
