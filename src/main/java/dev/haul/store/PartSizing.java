package dev.haul.store;

import java.util.OptionalLong;

/**
 * The part size for one object: the configured size, raised when the object would need more than S3's 10 000 parts.
 * A pure function so its boundaries can be table-tested.
 */
public final class PartSizing {

    public static final int MAX_PARTS = 10_000;
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private PartSizing() {}

    public static long partSize(long configured, OptionalLong contentLength) {
        long size = Math.max(configured, MIN_PART_SIZE);
        if (contentLength.isPresent()) {
            long needed = (contentLength.getAsLong() + MAX_PARTS - 1) / MAX_PARTS;
            size = Math.max(size, needed);
        }
        return size;
    }
}
