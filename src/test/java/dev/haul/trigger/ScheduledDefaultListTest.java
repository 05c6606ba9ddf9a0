package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.haul.support.Events;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.NonDefaultSettings;
import dev.haul.support.TestServers;

@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(NonDefaultSettings.class)
class ScheduledDefaultListTest extends HaulTestSupport {

    @Test
    void bareScheduledEvent_fetchesTheConfiguredDefaultList_andWritesItsManifest() {
        bucket.put(NonDefaultSettings.SCHEDULED_LIST_KEY, origin.url("/bytes/default-1/99") + "\n");

        JsonPath report = invoke(Events.scheduled("evt-nightly"));

        assertThat(report.getString("batchId")).isEqualTo("eb-evt-nightly");
        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(bucket.exists("manifests/eb-evt-nightly.json")).isTrue();
    }
}
