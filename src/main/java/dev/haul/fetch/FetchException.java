package dev.haul.fetch;

import java.time.Duration;
import java.util.Optional;

import dev.haul.report.Failure;
import dev.haul.report.FailureKind;

/**
 * A URL that could not be fetched, with the reason as it will appear in the report. {@code httpStatus} is the
 * origin's status when one was received, else {@code null}.
 */
public class FetchException extends RuntimeException {

    private final FailureKind kind;
    private final Integer httpStatus;
    private final Duration retryAfter;

    public FetchException(FailureKind kind, String message, Integer httpStatus, Throwable cause) {
        this(kind, message, httpStatus, cause, null);
    }

    public FetchException(FailureKind kind, String message, Integer httpStatus, Throwable cause, Duration retryAfter) {
        super(message, cause, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** How long the origin asked Haul to wait before trying again (Retry-After), when it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public FetchException(FailureKind kind, String message) {
        this(kind, message, null, null);
    }

    public FailureKind kind() {
        return kind;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public Failure toFailure() {
        return new Failure(kind, getMessage());
    }
}
