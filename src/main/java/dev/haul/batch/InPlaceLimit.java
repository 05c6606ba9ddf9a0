package dev.haul.batch;

import dev.haul.config.HaulConfig;

/**
 * The largest batch an invocation runs itself rather than putting on the queue: at most {@code maxItems} items whose
 * declared sizes (the origins' Content-Length, asked with HEAD) add up to at most {@code maxBytes}
 * ({@link Long#MAX_VALUE}: nothing is asked). {@code queueOrRefuse} says what a larger batch does without a queue:
 * the API refuses it (its caller cannot wait for it), every other trigger runs it in place.
 */
public record InPlaceLimit(int maxItems, long maxBytes, boolean queueOrRefuse) {

    /** No limit: the batch runs in place. */
    public static final InPlaceLimit NONE = new InPlaceLimit(Integer.MAX_VALUE, Long.MAX_VALUE, false);

    /** What a direct invocation or an EventBridge event runs in place ({@code haul.batch.in-place-max-*}). */
    public static InPlaceLimit spreading(HaulConfig.Batch config) {
        return new InPlaceLimit(config.inPlaceMaxItems(), config.inPlaceMaxBytes().map(size -> size.asLongValue())
                .orElse(Long.MAX_VALUE), false);
    }

    /** What the API runs while its caller waits ({@code haul.api.sync-max-*}); larger is queued, or refused. */
    public static InPlaceLimit api(HaulConfig.Api config) {
        return new InPlaceLimit(config.syncMaxItems(), config.syncMaxBytes().asLongValue(), true);
    }

    boolean asksForSizes() {
        return maxBytes != Long.MAX_VALUE;
    }
}
