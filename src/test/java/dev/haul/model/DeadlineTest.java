package dev.haul.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeadlineTest {

    @ParameterizedTest(name = "remaining {0} ms -> about {1} s usable")
    @CsvSource({
            "60000,    50", // a real invocation: its remaining time minus the 10 s margin
            "900000,   890", // Lambda's longest invocation
            "5000,     0", // less than the margin: nothing may start
            "0,        600", // no deadline sent (a local mock): the fallback
            "-12345,   600", // garbage from a runtime that sent none
            "2000000000, 600" // more than Lambda allows: not a real deadline
    })
    void deadline_isTheInvocationsRemainingTimeMinusTheMargin_orTheFallbackWhenUnknown(long remainingMillis,
            long expectedSeconds) {
        Deadline deadline = Deadline.fromRemainingMillis(remainingMillis, Duration.ofSeconds(10), Duration.ofMinutes(
                10));

        assertThat(deadline.remaining().toSeconds()).isBetween(Math.max(expectedSeconds - 1, 0), expectedSeconds);
        assertThat(deadline.passed()).isEqualTo(expectedSeconds == 0);
        assertThat(deadline.remainingToComplete()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }
}
