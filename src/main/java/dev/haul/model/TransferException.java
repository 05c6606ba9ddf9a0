package dev.haul.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Why one URL could not be carried to S3, as it will appear in the report: the one failure type of every stage.
 * What the HTTP stack or S3 threw is classified into a {@link FailureKind} once, at the edge where it was thrown (the
 * fetcher, the spool, the store); everything after that only reads the kind. {@code httpStatus} is the origin's
 * status when one was received, else {@code null}.
 */
public class TransferException extends RuntimeException {

    private final FailureKind kind;
    private final Integer httpStatus;
    private final Duration retryAfter;

    public TransferException(FailureKind kind, String message) {
        this(kind, message, null, null);
    }

    public TransferException(FailureKind kind, String message, Integer httpStatus, Throwable cause) {
        this(kind, message, httpStatus, cause, null);
    }

    public TransferException(FailureKind kind, String message, Integer httpStatus, Throwable cause,
            Duration retryAfter) {
        super(message, cause, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    /** S3 refused or failed a call; the message says which call and what S3 answered. */
    public static TransferException store(String message, Throwable cause) {
        return new TransferException(FailureKind.STORE, message, null, cause);
    }

    /** The local spool (disk) failed. */
    public static TransferException spool(String message, Throwable cause) {
        return new TransferException(FailureKind.SPOOL, message, null, cause);
    }

    /** The first {@link TransferException} along {@code error}'s causes, {@code error} itself included. */
    public static Optional<TransferException> foundIn(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransferException known) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    /**
     * The classified failure behind {@code error} ({@link #foundIn}). Anything else escaped the classification at the
     * stages' edges; it is reported as a lost request with its message, never thrown on.
     */
    public static TransferException of(Throwable error) {
        return foundIn(error).orElseGet(() -> new TransferException(FailureKind.CONNECTION_LOST, "request failed: "
                + (error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage()), null, error));
    }

    public FailureKind kind() {
        return kind;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    /** How long the origin asked Haul to wait before trying again (Retry-After), when it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether another try within this invocation could succeed (see {@link FailureKind#retryNow}). */
    public boolean retryNow() {
        return kind.retryNow(httpStatus);
    }

    public Failure toFailure() {
        return new Failure(kind, getMessage());
    }
}
