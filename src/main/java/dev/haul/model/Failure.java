package dev.haul.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why a URL was not stored: a stable machine-readable {@code kind} (see {@link FailureKind}) and a message for people.
 */
@RegisterForReflection
public record Failure(FailureKind kind, String message) {}
