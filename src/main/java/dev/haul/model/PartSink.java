package dev.haul.model;

import io.smallrye.mutiny.Uni;

/** Where spooled parts go. Implemented by the store; the spool knows nothing about S3. */
public interface PartSink<R> {

    /**
     * Takes a full part that is not the last. The returned {@link Uni} completes when the sink can take more
     * (this is how upload speed slows the download down) and fails if the sink has already failed.
     */
    Uni<Void> accept(SpooledPart part);

    /** Takes the last part (possibly the only one) and finishes the object. */
    Uni<R> complete(SpooledPart lastPart, SpoolSummary summary);

    /** Gives up: releases whatever the sink holds. Safe to call more than once, and after a
     * {@link #complete} that failed. */
    Uni<Void> abort(Throwable reason);
}
