package dev.haul.report;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Written at {@code {batchId}/batch.json} when a batch is put on the queue: how many parts to wait for, how many items
 * they hold, the batch's options (so that a retry of its failed items runs as it did), for a retry the batch it
 * repairs, and {@code source}, what the batch was made from (the list's ETag, or a digest of its items), which tells
 * the same submission arriving again from another batch reusing the id.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestIndex(String batchId, int parts, long items, Instant acceptedAt, ObjectNode options,
        String parent, String source) {}
