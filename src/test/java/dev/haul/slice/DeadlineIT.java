package dev.haul.slice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.InvokesPackagedHaul;
import dev.haul.support.RuntimeApiRelay;
import dev.haul.support.S3RequestKind;
import dev.haul.support.TestServers;

/**
 * The deadline as Lambda imposes it, end to end: the packaged artifact run by AWS's runtime client, and a Runtime API
 * that hands each invocation a {@code Lambda-Runtime-Deadline-Ms} chosen by the test ({@link RuntimeApiRelay}), which
 * also counts an answer that comes after its deadline, one Lambda would never take. Items still downloading stop at
 * the deadline minus the margin, a retry is never scheduled past that cut-off, an upload that has all its bytes gets
 * half the margin to complete, and the report always comes back in time.
 */
@QuarkusIntegrationTest
class DeadlineIT extends HaulTestSupport implements InvokesPackagedHaul {

    private static final int MIB = 1024 * 1024;

    /** The test profile's {@code haul.batch.deadline-margin} (application.properties). */
    private final Duration margin = Duration.ofSeconds(4);
    private int lateBefore;

    @BeforeEach
    void countLateAnswersFromHere() {
        lateBefore = RuntimeApiRelay.lateAnswers();
    }

    @Test
    void deadlineFallingMidDownload_stopsThoseItems_abortsTheirUploads_andReportsInTime() {
        RuntimeApiRelay.nextDeadlineIn(margin.plusSeconds(2));

        JsonPath report = invoke(BatchJson.urls(origin.url("/bytes/dl-done/1000"),
                origin.url("/trickle/dl-big/" + 10 * MIB + "?fast=" + 9 * MIB),
                origin.url("/trickle/dl-small/200000")).json());

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(bucket.exists(report.getString("items[0].key"))).isTrue();
        for (int i = 1; i <= 2; i++) {
            assertThat(report.getString("items[" + i + "].failure.kind")).isEqualTo("deadline");
            assertThat(bucket.exists(report.getString("items[" + i + "].key"))).isFalse();
        }
        assertThat(TestServers.s3Proxy().count(S3RequestKind.CREATE_MULTIPART_UPLOAD)).as("the big body's upload")
                .isEqualTo(1);
        assertThat(TestServers.s3Proxy().count(S3RequestKind.ABORT_MULTIPART_UPLOAD)).isEqualTo(1);
        assertThat(RuntimeApiRelay.lateAnswers()).as("answers after the deadline").isEqualTo(lateBefore);
        // nothingLeftBehind(): no open upload, no part file.
    }

    @Test
    void retryThatWouldStartAfterTheCutOff_isNotMade() {
        // The origin asks for 3 s; the cut-off comes 1.5 s after the invocation starts.
        RuntimeApiRelay.nextDeadlineIn(margin.plusMillis(1500));
        String url = origin.url("/retry-after/dl-ra/100?times=1&after=3");

        JsonPath report = invoke(BatchJson.urls(url).json());

        assertThat(report.getString("items[0].failure.kind")).isEqualTo("http-status");
        assertThat(report.getInt("items[0].httpStatus")).isEqualTo(503);
        assertThat(report.getInt("items[0].attempts")).isEqualTo(1);
        assertThat(origin.requests("/retry-after/dl-ra/100")).isEqualTo(1);
        assertThat(RuntimeApiRelay.lateAnswers()).isEqualTo(lateBefore);
    }

    @Test
    void uploadThatHasAllItsBytes_completesInsideTheMargin() {
        RuntimeApiRelay.nextDeadlineIn(margin.plusSeconds(1));
        // S3 takes the PUT only once the cut-off has passed, a quarter of the margin later: the body is on disk, so
        // its upload may use half the margin.
        TestServers.s3Proxy().beforeForwarding(call -> call.kind() == S3RequestKind.PUT_OBJECT
                && call.path().endsWith("/bytes/dl-up/1000"), () -> holdUntil(RuntimeApiRelay.lastDeadline()
                        - margin.toMillis() + margin.toMillis() / 4));

        JsonPath report = invoke(BatchJson.urls(origin.url("/bytes/dl-up/1000")).json());

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(bucket.exists(report.getString("items[0].key"))).isTrue();
        assertThat(RuntimeApiRelay.lateAnswers()).isEqualTo(lateBefore);
    }

    /** A slow S3: the request is held until the given instant. */
    private static void holdUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
