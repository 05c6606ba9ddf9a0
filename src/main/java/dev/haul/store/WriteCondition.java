package dev.haul.store;

/**
 * What the key must hold for a write to go ahead, sent to S3 as a conditional write so that the check and the write
 * are one atomic step: no second writer can slip in between. See {@link ConditionalWrite} for what happens when S3
 * says the condition does not hold.
 */
public sealed interface WriteCondition {

    /** The key must be free ({@code If-None-Match: *}): the first try of every write. */
    record Absent() implements WriteCondition {}

    /** The key must still hold this version of this same source's object ({@code If-Match}). */
    record Holds(String eTag) implements WriteCondition {}

    /** The batch asked to overwrite: whatever the key holds is replaced. */
    record Any() implements WriteCondition {}

    WriteCondition ABSENT = new Absent();
    WriteCondition ANY = new Any();

    /** The {@code If-None-Match} value to send, or {@code null} for none (SDK builders skip a null). */
    default String ifNoneMatch() {
        return this instanceof Absent ? "*" : null;
    }

    /** The {@code If-Match} value to send, or {@code null} for none. */
    default String ifMatch() {
        return this instanceof Holds holds ? holds.eTag() : null;
    }
}
