package dev.haul.batch;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.Fetcher;
import dev.haul.model.Deadline;

/**
 * Decides whether a batch runs in this invocation or goes on the queue: too many items, or too many bytes by the
 * origins' own account (HEAD requests, at the batch's concurrency), for the trigger's {@link InPlaceLimit}.
 */
@ApplicationScoped
class Placement {

    /** The HEAD requests only inform the decision: they get this long at most, whatever the deadline. */
    private static final Duration MAX_ASKING = Duration.ofSeconds(5);

    private final Fetcher fetcher;
    private final HaulConfig config;

    Placement(Fetcher fetcher, HaulConfig config) {
        this.fetcher = fetcher;
        this.config = config;
    }

    Uni<Boolean> fitsInPlace(BatchRequest batch, InPlaceLimit limit, Deadline deadline) {
        if (limit.isNone()) {
            return Uni.createFrom().item(true);
        }
        if (batch.items().size() > limit.maxItems()) {
            return Uni.createFrom().item(false);
        }
        Duration left = deadline.remaining().compareTo(MAX_ASKING) < 0 ? deadline.remaining() : MAX_ASKING;
        // Mutiny refuses a zero wait; with no time left the HEADs fail at once, as they would have timed out.
        Duration asking = left.isZero() ? Duration.ofMillis(1) : left;
        return Multi.createFrom().iterable(batch.items())
                .onItem().transformToUni(fetcher::declaredLength).merge(config.fetch().concurrency())
                .collect().in(() -> new long[1], (sum, length) -> sum[0] += length.orElse(0))
                .ifNoItem().after(asking).fail()
                .map(sum -> sum[0] <= limit.maxBytes());
    }
}
