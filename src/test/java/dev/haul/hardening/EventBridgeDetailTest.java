package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.haul.support.Events;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.NonDefaultSettings;
import dev.haul.support.TestServers;

/**
 * Finding 8: with {@code haul.schedule.manifest-url} set, a custom event whose {@code detail} was missing, null, a
 * string, a number, {@code ""} or {@code false} ran the whole default list. Only a scheduled event with an empty
 * object runs it; anything else is refused.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(NonDefaultSettings.class)
class EventBridgeDetailTest extends HaulTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "detail {0}")
    @ValueSource(strings = {"MISSING", "null", "\"a string\"", "42", "\"\"", "false", "true", "[]", "{}"})
    void customEventWithoutABatchDetail_isRefused_andTheDefaultListDoesNotRun(String detail) throws Exception {
        bucket.put(NonDefaultSettings.SCHEDULED_LIST_KEY, origin.url("/bytes/ebd-default/10") + "\n");
        String event = withDetail(Events.eventBridge("ebd-" + Math.abs(detail.hashCode()), "{}"), detail);

        JsonPath problem = invoke(event);

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(problem.getString("field")).isEqualTo("detail");
        assertThat(origin.requests()).as("the default list must not run").isZero();
    }

    @ParameterizedTest(name = "scheduled detail {0}")
    @ValueSource(strings = {"MISSING", "null", "\"\"", "[]"})
    void scheduledEventWithAMalformedDetail_isRefused(String detail) throws Exception {
        bucket.put(NonDefaultSettings.SCHEDULED_LIST_KEY, origin.url("/bytes/ebd-default/10") + "\n");
        String event = withDetail(Events.scheduled("ebd-s-" + Math.abs(detail.hashCode())), detail);

        JsonPath problem = invoke(event);

        assertThat(problem.getInt("status")).isEqualTo(400);
        assertThat(origin.requests()).isZero();
    }

    @Test
    void scheduledEventWithAnEmptyDetail_stillRunsTheDefaultList() {
        bucket.put(NonDefaultSettings.SCHEDULED_LIST_KEY, origin.url("/bytes/ebd-nightly/10") + "\n");

        JsonPath report = invoke(Events.scheduled("ebd-nightly"));

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
    }

    /** The event with its {@code detail} replaced by {@code detail} (JSON), or removed for "MISSING". */
    private static String withDetail(String event, String detail) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(event);
        if (detail.equals("MISSING")) {
            node.remove("detail");
        } else {
            node.set("detail", JSON.readTree(detail));
        }
        return node.toString();
    }
}
