package dev.haul.store;

/** Where one body goes, what travels with it, and what the key must hold for the write to go ahead. */
public record ObjectTarget(String bucket, String key, SourceMetadata source, WriteCondition condition) {}
