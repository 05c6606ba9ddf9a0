package dev.haul.slice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream: the test JVM, which runs Haul, has a heap of at most 256 MiB (see the Surefire argLine in pom.xml),
 * so a 512 MiB body that lands byte-exact cannot have been held in memory.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class LargeBodyTest extends HaulTestSupport {

    private static final long SIZE = 512L * 1024 * 1024;

    @Test
    void bodyTwiceTheHeap_streamsThroughToS3ByteExact() throws Exception {
        long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        assertThat(maxHeap).as("the heap bound this test relies on").isLessThanOrEqualTo(SIZE / 2);

        JsonPath report = invoke("{\"batchId\": \"large-body\", \"urls\": [\"" + origin.url("/bytes/huge/" + SIZE) + "\"]}");

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getLong("items[0].bytes")).isEqualTo(SIZE);
        String expected = Bodies.sha256("huge", SIZE);
        assertThat(report.getString("items[0].sha256")).isEqualTo(expected);
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(expected);
    }
}
