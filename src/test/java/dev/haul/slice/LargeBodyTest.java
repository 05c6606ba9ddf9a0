package dev.haul.slice;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.haul.spool.TmpBudget;
import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestServers;

/**
 * Flat memory and a disk budget smaller than the object: the test JVM, which runs Haul, has a heap of at most
 * 256 MiB (Failsafe's JVM in pom.xml, where the *IT classes beside this test run Haul in a process of their own), and
 * the test profile gives the spool a 256 MiB budget ({@code haul.spool.budget}), so a 1 GiB body that lands byte-exact
 * was neither held in memory nor on disk whole.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class LargeBodyTest extends HaulTestSupport {

    private static final long MIB = 1024 * 1024;
    private static final long SIZE = 1024 * MIB;

    @Inject
    TmpBudget budget;

    @Test
    void oneGibBody_passesThroughA256MibHeapAndA256MibSpoolBudget_byteExact() throws Exception {
        long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        assertThat(maxHeap).as("the heap bound this test relies on").isLessThanOrEqualTo(256 * MIB);
        budget.resetPeak();

        JsonPath report = invoke(BatchJson.urls(origin.url("/bytes/gib/" + SIZE)).id("one-gib").json());

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getLong("items[0].bytes")).isEqualTo(SIZE);
        String expected = Bodies.sha256("gib", SIZE);
        assertThat(report.getString("items[0].sha256")).isEqualTo(expected);
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(expected);
        // Measured: the bytes of part files that were on disk at once, written minus deleted.
        assertThat(budget.peakOnDisk()).as("peak spool bytes on disk").isLessThanOrEqualTo(256 * MIB)
                .isGreaterThan(8 * MIB);
        assertThat(budget.onDisk()).as("spool bytes left on disk").isZero();
    }
}
