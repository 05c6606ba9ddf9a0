package dev.haul.store;

import java.util.Optional;

/**
 * Where one body goes, what travels with it, what the key must hold for the write to go ahead, and the SHA-256 (hex)
 * the body must have, when the caller gave one.
 */
public record ObjectTarget(String bucket, String key, SourceMetadata source, WriteCondition condition,
        Optional<String> expectedSha256) {}
