package dev.haul.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.model.FetchItem;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;
import dev.haul.model.PlannedItem;
import dev.haul.support.FaultyOrigin;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.NonDefaultSettings;
import dev.haul.support.TestServers;

/**
 * The deadline and the total timeout, end to end: one URL carried by the real transfer against the faulty origin and
 * S3, under an invocation deadline the test chooses (the mock event server sends none). {@link HaulTestSupport}
 * checks that nothing is left behind.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(NonDefaultSettings.class)
class TransferTimeLimitsTest extends HaulTestSupport {

    private static final Duration MARGIN = Duration.ofSeconds(2);
    /**
     * The profile's origin timeouts are long, so only the limit under test can end a transfer. A transfer is awaited
     * for half of them: one that a limit failed to stop is reported as not ending, not as ending for another reason.
     */
    private static final Duration ORIGIN_TIMEOUTS = Duration.parse("PT" + NonDefaultSettings.ORIGIN_TIMEOUTS);

    @Inject
    ItemTransfer transfer;

    private ItemResult carry(String path, Duration untilCutOff) {
        FaultyOrigin faulty = TestServers.origin();
        FetchItem item = new FetchItem(URI.create(faulty.url(path)), Optional.empty(), Map.of());
        PlannedItem planned = new PlannedItem(0, item, "time-limits" + path.replaceAll("[^A-Za-z0-9/]", "-"));
        Deadline deadline = Deadline.after(untilCutOff.plus(MARGIN), MARGIN);
        return transfer.run(new TransferOrder(planned, "time-limits", OptionalLong.empty(), false, deadline,
                Delivery.FIRST))
                .await().atMost(ORIGIN_TIMEOUTS.dividedBy(2));
    }

    @Test
    void aBodyStillArrivingAtTheCutOff_stopsThere_asDeadline() {
        ItemResult result = carry("/stall-mid/deadline/4000000", Duration.ofSeconds(1));

        assertThat(result.status()).isEqualTo(ItemStatus.FAILED);
        assertThat(result.failure().kind().json()).isEqualTo("deadline");
        assertThat(result.failure().message()).isEqualTo("stopped at the invocation's deadline");
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(bucket.exists(result.key())).isFalse();
    }

    @Test
    void anItemWhoseCutOffHasPassed_isNotStarted_andTheOriginSeesNothing() {
        ItemResult result = carry("/ok/late/1000", Duration.ZERO);

        assertThat(result.status()).isEqualTo(ItemStatus.FAILED);
        assertThat(result.failure().kind().json()).isEqualTo("deadline");
        assertThat(result.failure().message()).contains("not started");
        assertThat(result.attempts()).isZero();
        assertThat(TestServers.origin().requests("/ok/late/1000")).isZero();
    }

    @Test
    void aRetryThatWouldEndTooCloseToTheCutOff_isNotMade_andTheOriginsAnswerIsReported() {
        // The origin asks for a 2 s wait; with 2.5 s left, the retry would start with under a second to go.
        String path = "/retry-after/cut/1000?times=3&after=2";
        ItemResult result = carry(path, Duration.ofMillis(2500));

        assertThat(result.failure().kind().json()).isEqualTo("http-status");
        assertThat(result.httpStatus()).isEqualTo(503);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(TestServers.origin().requests(path)).isEqualTo(1);
    }

    @Test
    void aBodyTakingLongerThanTheTotalTimeout_stopsThere_asTotalTimeout() {
        ItemResult result = carry("/stall-mid/total/4000000", Duration.ofMinutes(5));

        assertThat(result.status()).isEqualTo(ItemStatus.FAILED);
        assertThat(result.failure().kind().json()).isEqualTo("total-timeout");
        assertThat(result.failure().message())
                .isEqualTo("took longer than the total timeout of " + NonDefaultSettings.TOTAL_TIMEOUT);
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(bucket.exists(result.key())).isFalse();
    }
}
