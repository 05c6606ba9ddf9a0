package dev.haul.model;

/**
 * Part {@code index} (1-based) of {@code count}: a batch too big for one SQS message travels as several messages of
 * the same batch id, and each writes its own part of the manifest.
 */
public record BatchPart(int index, int count) {

    public static final BatchPart WHOLE = new BatchPart(1, 1);

    public boolean isWhole() {
        return count == 1;
    }
}
