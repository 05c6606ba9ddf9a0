package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.services.sqs.model.Message;

import dev.haul.support.BatchJson;
import dev.haul.support.Events;
import dev.haul.support.QueueingTestSupport;
import dev.haul.support.TestServers;

/**
 * A direct invocation or an EventBridge event with more items than one invocation runs in place
 * ({@code haul.batch.in-place-max-items}, 3 here) is spread over the queue in parts of at most that many, which the
 * workers then run; a smaller one still runs where it arrived.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(SpreadOverTheQueueTest.ThreeInPlace.class)
class SpreadOverTheQueueTest extends QueueingTestSupport {

    public static class ThreeInPlace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("haul.batch.in-place-max-items", "3");
        }
    }

    @Test
    void aDirectInvocationLargerThanOneInvocationRuns_isQueuedInParts_thatTheWorkersStore() {
        String[] urls = urls("spread", 7);

        JsonPath answer = invoke(BatchJson.urls(urls).id("spread-direct").json());

        assertThat(answer.getString("status")).isEqualTo("queued");
        assertThat(answer.getInt("items")).isEqualTo(7);
        assertThat(answer.getInt("messages")).as("parts of at most 3 items").isEqualTo(3);
        assertThat(origin.requests()).as("nothing is fetched where the batch arrived").isZero();
        runWhatIsQueued(3);
        JsonPath done = status("spread-direct");
        assertThat(done.getString("state")).isEqualTo("done");
        JsonPath manifest = manifestOf(done);
        assertThat(manifest.getInt("counts.stored")).isEqualTo(7);
        assertThat(manifest.getList("items.url")).containsExactly((Object[]) urls);
    }

    @Test
    void anEventBridgeEventLargerThanOneInvocationRuns_isQueuedToo_andASmallOneRunsInPlace() {
        JsonPath large = invoke(Events.eventBridge("spread-eb", BatchJson.urls(urls("spread-eb", 4)).json()));
        JsonPath small = invoke(BatchJson.urls(urls("in-place", 3)).json());

        assertThat(large.getString("status")).isEqualTo("queued");
        assertThat(large.getString("batchId")).isEqualTo("eb-spread-eb");
        assertThat(large.getInt("messages")).isEqualTo(2);
        assertThat(small.getList("items.status")).containsExactly("stored", "stored", "stored");
        runWhatIsQueued(2);
        assertThat(origin.requests()).isEqualTo(7);
    }

    private String[] urls(String name, int count) {
        return IntStream.range(0, count).mapToObj(i -> origin.url("/bytes/" + name + "-" + i + "/" + (100 + i)))
                .toArray(String[]::new);
    }

    /** Hands the queued messages to the worker as Lambda's event source mapping would. */
    private void runWhatIsQueued(int expected) {
        List<Message> received = receiveAll(expected);
        assertThat(received).hasSize(expected);
        JsonPath response = invoke(Events.sqs(received.stream()
                .map(m -> new Events.Message(m.messageId(), m.body())).toList()));
        assertThat(response.getList("batchItemFailures")).isEmpty();
        received.forEach(this::delete);
    }
}
