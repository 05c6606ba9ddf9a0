package dev.haul.batch;

/**
 * A URL list in S3 with more items than one batch holds ({@code haul.batch.max-items}): it is split over the queue
 * as it is read ({@link ListSplitter}) rather than loaded. {@code eTag} pins the version first read, so that both
 * passes over it read the same bytes.
 */
record LongList(String manifestUrl, String bucket, String key, String eTag, String batchId, BatchOptions options) {}
