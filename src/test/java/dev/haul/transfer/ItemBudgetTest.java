package dev.haul.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.haul.model.Deadline;
import dev.haul.model.FailureKind;

/**
 * One item's time budget, computed once: which limit binds, what the failure then says, when a retry is still worth
 * starting, and how long a complete upload may take. Deadlines run on the real clock, so expectations allow the
 * milliseconds the test itself takes.
 */
class ItemBudgetTest {

    private static final Duration MARGIN = Duration.ofSeconds(10);

    private static ItemBudget budget(long remainingSeconds, long totalTimeoutSeconds) {
        return ItemBudget.start(Deadline.after(Duration.ofSeconds(remainingSeconds), MARGIN),
                Duration.ofSeconds(totalTimeoutSeconds));
    }

    @ParameterizedTest(name = "{0} s left in the invocation, total timeout {1} s -> {2} s for the download, {3}")
    @CsvSource({
            "70,  600, 60,  DEADLINE", // the invocation ends first: cut off at its deadline
            "900, 120, 120, TOTAL_TIMEOUT", // a long invocation: the total timeout binds
            "131, 120, 120, TOTAL_TIMEOUT", // a second apart: the total timeout still comes first
            "129, 120, 119, DEADLINE"
    })
    void theSoonerLimitBinds_andItsFailureSaysWhich(long remaining, long total, long expectedSeconds,
            FailureKind expectedKind) {
        ItemBudget budget = budget(remaining, total);

        assertThat(budget.forDownload()).isBetween(Duration.ofSeconds(expectedSeconds).minusSeconds(1),
                Duration.ofSeconds(expectedSeconds));
        assertThat(budget.exhausted()).isFalse();
        assertThat(budget.downloadExpired(200).kind()).isEqualTo(expectedKind);
        assertThat(budget.downloadExpired(200).httpStatus()).isEqualTo(200);
    }

    @Test
    void totalTimeout_namesTheTimeoutInItsMessage() {
        assertThat(budget(900, 120).downloadExpired(null).getMessage())
                .isEqualTo("took longer than the total timeout of 120s");
        assertThat(budget(70, 600).downloadExpired(null).getMessage())
                .isEqualTo("stopped at the invocation's deadline");
    }

    @Test
    void noTimeLeft_meansTheItemDoesNotStart() {
        ItemBudget budget = budget(10, 600);

        assertThat(budget.exhausted()).isTrue();
        assertThat(budget.notStarted().kind()).isEqualTo(FailureKind.DEADLINE);
        assertThat(budget.notStarted().getMessage()).contains("not started");
    }

    @ParameterizedTest(name = "{0} s left, wait {1} ms -> retry {2}")
    @CsvSource({
            "20, 500,   true", // plenty of time
            "20, 18000, true", // the wait ends with more than a second to spare
            "20, 19500, false", // the wait would leave less than a second
            "20, 25000, false", // the wait would pass the deadline
            "0,  0,     false" // the deadline has been reached
    })
    void aRetryStarts_onlyWithMoreThanASecondLeftAfterItsWait(long remainingAfterMargin, long delayMillis,
            boolean expected) {
        ItemBudget budget = budget(remainingAfterMargin + MARGIN.toSeconds(), 600);

        assertThat(budget.allowsRetryAfter(Duration.ofMillis(delayMillis))).isEqualTo(expected);
    }

    @Test
    void aCompleteUpload_mayRunHalfTheMarginPastTheCutOff() {
        ItemBudget budget = budget(70, 600);

        assertThat(budget.toComplete()).isBetween(Duration.ofSeconds(64), Duration.ofSeconds(65));
        assertThat(budget(10, 600).toComplete()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
        assertThat(budget.completionMissed(206).kind()).isEqualTo(FailureKind.DEADLINE);
        assertThat(budget.completionMissed(206).httpStatus()).isEqualTo(206);
    }
}
