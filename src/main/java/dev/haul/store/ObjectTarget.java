package dev.haul.store;

/** Where one body goes and what travels with it. */
public record ObjectTarget(String bucket, String key, SourceMetadata source) {}
