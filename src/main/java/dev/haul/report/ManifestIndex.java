package dev.haul.report;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Written at {@code {batchId}.json} when a batch is queued as several messages: how many parts to wait for. */
@RegisterForReflection
public record ManifestIndex(String batchId, String status, int parts, int items, Instant acceptedAt) {}
