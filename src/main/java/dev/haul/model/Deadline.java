package dev.haul.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The moment by which every item must have stopped, so the batch can still report: the invocation's end minus the
 * configured margin. Items still downloading then are cut off and reported as failed with kind {@code deadline};
 * an upload that is completing is given up to half the margin more, so S3 never ends up with an object the report
 * calls failed.
 *
 * <p>{@code began} is when the invocation started, by the wall clock: for a queue message, when this delivery of it
 * began (Lambda receives the messages of an invocation before it starts). Work another delivery left behind is older.
 */
public record Deadline(long cutOffNanos, Duration margin, Instant began) {

    /** Lambda's longest invocation; a larger remaining time means the runtime sent no deadline (a local mock). */
    private static final Duration LAMBDA_MAX = Duration.ofMinutes(15);

    public static Deadline after(Duration remaining, Duration margin) {
        Duration usable = remaining.minus(margin);
        return new Deadline(System.nanoTime() + Math.max(usable.toNanos(), 0), margin, Instant.now());
    }

    /** From the runtime's remaining time, or {@code fallback} when the runtime did not say (0, negative or absurd). */
    public static Deadline fromRemainingMillis(long remainingMillis, Duration margin, Duration fallback) {
        boolean known = remainingMillis > 0 && remainingMillis <= LAMBDA_MAX.toMillis() + 60_000;
        return after(known ? Duration.ofMillis(remainingMillis) : fallback.plus(margin), margin);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(cutOffNanos - System.nanoTime(), 0));
    }

    /** Time left to finish an upload that has all its bytes: up to the cut-off plus half the margin. */
    public Duration remainingToComplete() {
        return remaining().plus(margin.dividedBy(2));
    }

    /** How long a trigger waits for a whole batch: every item's cut-off and completion, and the report after. */
    public Duration untilReported() {
        return remainingToComplete().plus(margin);
    }

    public boolean passed() {
        return System.nanoTime() >= cutOffNanos;
    }
}
