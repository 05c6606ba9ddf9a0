package dev.haul.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.FaultyOrigin;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.NonDefaultSettings;
import dev.haul.support.TestServers;

@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(NonDefaultSettings.class)
class ConditionalRefetchTest extends HaulTestSupport {

    @Test
    void unchangedBody_isReportedUnchanged_andNothingIsRewritten() {
        FaultyOrigin faulty = TestServers.origin();
        String url = faulty.url("/cond/conditional/5000");
        JsonPath first = invoke(BatchJson.urls(url).id("cond-1").json());
        String key = first.getString("items[0].key");
        String versionBefore = bucket.head(key).eTag();
        java.time.Instant writtenBefore = bucket.head(key).lastModified();

        JsonPath second = invoke(BatchJson.urls(url).id("cond-2").json());

        assertThat(first.getString("items[0].status")).isEqualTo("stored");
        assertThat(second.getString("items[0].status")).isEqualTo("unchanged");
        assertThat(second.getInt("items[0].httpStatus")).isEqualTo(304);
        assertThat(second.getInt("counts.unchanged")).isEqualTo(1);
        assertThat(faulty.headersOf("/cond/conditional/5000").get(1))
                .containsEntry("if-none-match", "\"conditional-5000\"");
        assertThat(bucket.head(key).eTag()).isEqualTo(versionBefore);
        assertThat(bucket.head(key).lastModified()).isEqualTo(writtenBefore);
        assertThat(bucket.metadata(key)).containsEntry("haul-batch-id", "cond-1");
    }
}
