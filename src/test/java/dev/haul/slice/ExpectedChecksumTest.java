package dev.haul.slice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * An item may say what SHA-256 its body must have (what a published checksum file gives). A body that hashes
 * otherwise is an {@code integrity} failure and nothing of it is kept: no object, whether it would have been one PUT
 * or a multipart upload (20 MiB, three parts of 8 MiB), no open upload and no spool file ({@link HaulTestSupport}).
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class ExpectedChecksumTest extends HaulTestSupport {

    private static final long MULTIPART = 20L * 1024 * 1024;
    private static final String WRONG = "0".repeat(64);

    @Test
    void aBodyWithTheExpectedChecksum_isStored_andOneWithAnother_leavesNothing() throws Exception {
        String small = Bodies.sha256("small", 5000);
        String large = Bodies.sha256("large", MULTIPART);
        JsonPath report = invoke(BatchJson.items(
                BatchJson.item(origin.url("/bytes/small/5000")).sha256(small),
                BatchJson.item(origin.url("/bytes/large/" + MULTIPART)).sha256(large.toUpperCase(Locale.ROOT)),
                BatchJson.item(origin.url("/bytes/small-wrong/5000")).sha256(WRONG),
                BatchJson.item(origin.url("/bytes/large-wrong/" + MULTIPART)).sha256(WRONG)).json());

        assertThat(report.getList("items.status")).containsExactly("stored", "stored", "failed", "failed");
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(small);
        assertThat(bucket.sha256(report.getString("items[1].key"))).isEqualTo(large);
        for (int i = 2; i < 4; i++) {
            assertThat(report.getString("items[" + i + "].failure.kind")).isEqualTo("integrity");
            assertThat(report.getString("items[" + i + "].failure.message")).contains(WRONG)
                    .contains(Bodies.sha256(i == 2 ? "small-wrong" : "large-wrong", i == 2 ? 5000 : MULTIPART));
            assertThat(bucket.exists(report.getString("items[" + i + "].key"))).as("object of item " + i).isFalse();
        }
        assertThat(origin.requests("/bytes/large-wrong/" + MULTIPART)).as("a mismatch is not fetched again")
                .isEqualTo(1);
    }
}
