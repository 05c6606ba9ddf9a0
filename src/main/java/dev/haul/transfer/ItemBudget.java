package dev.haul.transfer;

import java.time.Duration;

import dev.haul.model.Deadline;
import dev.haul.model.FailureKind;
import dev.haul.model.TransferException;

/**
 * How long one URL may take, decided once when it starts: its download (every try and wait included) gets the total
 * timeout, or what is left before the invocation's cut-off when that comes sooner; a retry starts only while at
 * least a second would be left after its wait; and an upload that has all its bytes may complete until half the
 * deadline's margin after the cut-off, so S3 never ends up with an object the report calls failed.
 */
record ItemBudget(Deadline deadline, Duration totalTimeout, Duration forDownload, boolean deadlineBinds) {

    /** A retry must leave at least this long before the cut-off, or it could not get anywhere. */
    private static final Duration LEAST_WORTH_A_TRY = Duration.ofSeconds(1);

    static ItemBudget start(Deadline deadline, Duration totalTimeout) {
        Duration remaining = deadline.remaining();
        boolean deadlineBinds = remaining.compareTo(totalTimeout) < 0;
        return new ItemBudget(deadline, totalTimeout, deadlineBinds ? remaining : totalTimeout, deadlineBinds);
    }

    /** Nothing is left: the URL must not even start. */
    boolean exhausted() {
        return forDownload.isZero();
    }

    TransferException notStarted() {
        return new TransferException(FailureKind.DEADLINE, "not started: the invocation's deadline was reached first");
    }

    /** The failure of a download that ran out of {@link #forDownload}. */
    TransferException downloadExpired(Integer httpStatus) {
        return deadlineBinds
                ? new TransferException(FailureKind.DEADLINE, "stopped at the invocation's deadline", httpStatus, null)
                : new TransferException(FailureKind.TOTAL_TIMEOUT, "took longer than the total timeout of "
                        + totalTimeout.toSeconds() + "s", httpStatus, null);
    }

    boolean allowsRetryAfter(Duration delay) {
        return deadline.remaining().compareTo(delay.plus(LEAST_WORTH_A_TRY)) > 0;
    }

    /** Time left to complete an upload whose bytes are all spooled. */
    Duration toComplete() {
        return deadline.remainingToComplete();
    }

    TransferException completionMissed(Integer httpStatus) {
        return new TransferException(FailureKind.DEADLINE, "upload did not complete before the invocation's deadline",
                httpStatus, null);
    }
}
