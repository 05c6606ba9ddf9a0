package dev.haul.batch;

/**
 * The largest batch an invocation runs itself rather than putting on the queue: at most {@code maxItems} items whose
 * declared sizes (the origins' Content-Length, asked with HEAD) add up to at most {@code maxBytes}.
 */
public record InPlaceLimit(int maxItems, long maxBytes) {

    /** No limit: the batch runs in place. */
    public static final InPlaceLimit NONE = new InPlaceLimit(Integer.MAX_VALUE, Long.MAX_VALUE);

    boolean isNone() {
        return maxItems == Integer.MAX_VALUE && maxBytes == Long.MAX_VALUE;
    }
}
