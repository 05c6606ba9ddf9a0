package dev.haul.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A line of a URL list that is not a valid item: its number (from 1) and what is wrong with it, naming the field,
 * e.g. "url: must be an http or https URL, got 'ftp'". Reported with the batch; the rest of the list still runs.
 */
@RegisterForReflection
public record RejectedLine(long line, String problem) {}
