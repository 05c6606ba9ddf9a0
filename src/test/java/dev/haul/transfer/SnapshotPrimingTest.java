package dev.haul.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * The SnapStart priming hook, called as an ordinary method (SnapStart itself runs only on Lambda): both bodies go
 * through fetch, spool and store and are stored, on loopback, and nothing reaches the function's own S3 or origin.
 * The spool and the multipart uploads are checked empty after every test ({@link HaulTestSupport}).
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class SnapshotPrimingTest extends HaulTestSupport {

    @Inject
    SnapshotPriming priming;

    @Test
    void priming_carriesASingleAndAMultipartBodyThroughTheRealPath_andTouchesNothingOfTheFunctions() {
        int requestsBefore = origin.requests();

        int stored = priming.prime();

        assertThat(stored).as("bodies stored through the stand-in").isEqualTo(2);
        assertThat(bucket.keys("")).as("objects in the function's bucket").noneMatch(key -> key.contains("priming"));
        assertThat(origin.requests()).as("requests to the function's origins").isEqualTo(requestsBefore);
    }
}
