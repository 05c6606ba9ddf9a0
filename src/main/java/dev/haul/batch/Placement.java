package dev.haul.batch;

import java.time.Duration;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.Fetcher;
import dev.haul.model.Deadline;

/**
 * Decides whether a batch runs in this invocation or goes on the queue: too many items, or too many bytes by the
 * origins' own account (HEAD requests, at the batch's concurrency), for the trigger's {@link InPlaceLimit}. The HEADs
 * only inform the decision: each has a short timeout of its own, and an origin that does not say (no Content-Length,
 * no answer in time) makes the batch's size {@link Fit#UNKNOWN}, never a failure.
 */
@ApplicationScoped
class Placement {

    /** How the batch compares with the limit. */
    enum Fit {
        FITS, TOO_LARGE, UNKNOWN
    }

    /** All HEADs together get this long at most, whatever the deadline. */
    private static final Duration MAX_ASKING = Duration.ofSeconds(5);

    private final Fetcher fetcher;
    private final HaulConfig config;

    Placement(Fetcher fetcher, HaulConfig config) {
        this.fetcher = fetcher;
        this.config = config;
    }

    Uni<Fit> fit(BatchRequest batch, InPlaceLimit limit, Deadline deadline) {
        if (batch.items().size() > limit.maxItems()) {
            return Uni.createFrom().item(Fit.TOO_LARGE);
        }
        if (!limit.asksForSizes()) {
            return Uni.createFrom().item(Fit.FITS);
        }
        Duration left = deadline.remaining().compareTo(MAX_ASKING) < 0 ? deadline.remaining() : MAX_ASKING;
        if (left.isZero()) {
            return Uni.createFrom().item(Fit.UNKNOWN);
        }
        Duration perProbe = config.api().sizeProbeTimeout();
        return Multi.createFrom().iterable(batch.items())
                .onItem().transformToUni(item -> fetcher.declaredLength(item)
                        .ifNoItem().after(perProbe).recoverWithItem(OptionalLong.empty()))
                .merge(config.fetch().concurrency())
                .collect().in(Sizes::new, Sizes::add)
                .map(sizes -> sizes.fit(limit.maxBytes()))
                .ifNoItem().after(left).recoverWithItem(Fit.UNKNOWN);
    }

    /** The declared sizes added up so far, and whether any origin did not declare one. */
    private static final class Sizes {
        private long known;
        private boolean unknown;

        void add(OptionalLong length) {
            if (length.isPresent()) {
                known = Math.addExact(known, Math.min(length.getAsLong(), Long.MAX_VALUE / 1024));
            } else {
                unknown = true;
            }
        }

        Fit fit(long maxBytes) {
            if (known > maxBytes) {
                return Fit.TOO_LARGE;
            }
            return unknown ? Fit.UNKNOWN : Fit.FITS;
        }
    }
}
