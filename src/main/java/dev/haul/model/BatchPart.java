package dev.haul.model;

/**
 * Part {@code index} (1-based) of {@code count}: a batch put on the queue travels as one or more messages of the same
 * batch id, and each writes its own part of the manifest. {@link #WHOLE} is a batch that runs where it was submitted.
 */
public record BatchPart(int index, int count) {

    /** Not a part: the batch runs in the invocation that received it and writes the whole manifest. */
    public static final BatchPart WHOLE = new BatchPart(0, 0);

    public boolean isWhole() {
        return count == 0;
    }
}
