package dev.haul.store;

/**
 * What the key must hold for a write to go ahead, sent to S3 as a conditional write so that the check and the write
 * are one atomic step: no second writer can slip in between Haul's look at the key and its PUT (or
 * CompleteMultipartUpload). A write whose condition no longer holds fails as {@code key-conflict} and replaces nothing.
 */
public sealed interface WriteCondition {

    /** The key was free: it must still be ({@code If-None-Match: *}). */
    record Absent() implements WriteCondition {}

    /** The key held this same source's object: it must still hold that version ({@code If-Match}). */
    record Holds(String eTag) implements WriteCondition {}

    /** The batch asked to overwrite: whatever the key holds is replaced. */
    record Any() implements WriteCondition {}

    WriteCondition ABSENT = new Absent();
    WriteCondition ANY = new Any();
}
