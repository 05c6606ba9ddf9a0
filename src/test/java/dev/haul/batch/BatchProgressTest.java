package dev.haul.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.haul.model.FetchItem;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;
import dev.haul.model.PlannedItem;

/** The progress line a running batch logs: what is done, what is arriving, how fast, and about how long is left. */
class BatchProgressTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void line_countsDoneItems_bytesSoFar_andEstimatesEachBodyWithALength() {
        long start = System.nanoTime() - Duration.ofSeconds(10).toNanos();
        BatchProgress progress = new BatchProgress(3, start);
        PlannedItem small = item(0, "http://h/small.bin?token=secret");
        PlannedItem big = item(1, "http://h/big.bin");
        PlannedItem chunked = item(2, "http://h/feed");
        AtomicLong bigSoFar = new AtomicLong(10 * MIB);
        progress.watchFor(big).receiving(OptionalLong.of(30 * MIB), bigSoFar::get);
        progress.watchFor(chunked).receiving(OptionalLong.empty(), () -> 2 * MIB);
        progress.finished(small, stored(small, 8 * MIB));

        String line = progress.line(System.nanoTime());

        assertThat(line).startsWith("progress: 1/3 done, 20.0 MiB received at ")
                .contains("http://h/big.bin 10.0 MiB of 30.0 MiB (33 %, about ")
                .contains("http://h/feed 2.0 MiB")
                .doesNotContain("secret");
    }

    @Test
    void finishedBody_leavesTheInFlightList() {
        BatchProgress progress = new BatchProgress(1, System.nanoTime());
        PlannedItem only = item(0, "http://h/a.bin");
        progress.watchFor(only).receiving(OptionalLong.of(MIB), () -> MIB / 2);

        progress.finished(only, stored(only, MIB));

        assertThat(progress.line(System.nanoTime())).startsWith("progress: 1/1 done, 1.0 MiB received")
                .doesNotContain("a.bin");
    }

    private static PlannedItem item(int index, String url) {
        return new PlannedItem(index, new FetchItem(URI.create(url), Optional.empty(), Map.of()), "k" + index);
    }

    private static ItemResult stored(PlannedItem item, long bytes) {
        return new ItemResult(item.item().url().toString(), "b", item.key(), ItemStatus.STORED, bytes, "sha", "etag",
                null, 200, 1, 10, null, null);
    }
}
