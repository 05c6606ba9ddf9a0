package dev.haul.batch;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.haul.model.ByteSize;
import dev.haul.model.ItemResult;
import dev.haul.model.PlannedItem;
import dev.haul.model.Redaction;
import dev.haul.transfer.ProgressWatch;

/**
 * How far a batch has come while it runs: items done, bytes received, the rate, and for each body still arriving its
 * bytes against its Content-Length with an estimate. One line of it is logged every
 * {@code haul.batch.progress-interval}, so that a long transfer can be watched (in CloudWatch, or by the local run,
 * which draws it as a bar).
 */
final class BatchProgress {

    /** A line names at most this many bodies in flight; more are counted. */
    private static final int SHOWN = 4;

    private record InFlight(String url, OptionalLong declared, LongSupplier received, long sinceNanos) {}

    private final int total;
    private final long startNanos;
    private final Map<Integer, InFlight> inFlight = new TreeMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong finishedBytes = new AtomicLong();

    BatchProgress(int total, long startNanos) {
        this.total = total;
        this.startNanos = startNanos;
    }

    /** The watch one item's transfer reports its body to. */
    ProgressWatch watchFor(PlannedItem item) {
        String url = Redaction.forLog(item.item().url());
        return (declared, received) -> {
            synchronized (inFlight) {
                inFlight.put(item.index(), new InFlight(url, declared, received, System.nanoTime()));
            }
        };
    }

    void finished(PlannedItem item, ItemResult result) {
        synchronized (inFlight) {
            inFlight.remove(item.index());
        }
        done.incrementAndGet();
        finishedBytes.addAndGet(result.bytes() == null || result.alreadyStored() != null ? 0 : result.bytes());
    }

    /** "progress: 3/40 done, 120.0 MiB received at 85.0 MiB/s; a.bin 12.0 of 30.0 MiB (40 %, about 1 s left)". */
    String line(long nowNanos) {
        StringBuilder line = new StringBuilder();
        long received = finishedBytes.get();
        StringBuilder items = new StringBuilder();
        int shown = 0;
        int more = 0;
        double seconds = secondsSince(startNanos, nowNanos);
        synchronized (inFlight) {
            for (InFlight body : inFlight.values()) {
                long bytes = body.received().getAsLong();
                received += bytes;
                if (shown++ >= SHOWN) {
                    more++;
                    continue;
                }
                items.append("; ").append(body.url()).append(' ').append(ByteSize.text(bytes));
                body.declared().ifPresent(length -> items.append(" of ").append(ByteSize.text(length))
                        .append(String.format(Locale.ROOT, " (%d %%", length == 0 ? 100 : bytes * 100 / length))
                        .append(estimate(length - bytes, bytes / secondsSince(body.sinceNanos(), nowNanos)))
                        .append(')'));
            }
        }
        line.append("progress: ").append(done.get()).append('/').append(total).append(" done, ")
                .append(ByteSize.text(received)).append(" received at ").append(ByteSize.text((long) (received
                        / seconds))).append("/s")
                .append(items);
        if (more > 0) {
            line.append("; and ").append(more).append(" more");
        }
        return line.toString();
    }

    private static double secondsSince(long sinceNanos, long nowNanos) {
        return Math.max(Duration.ofNanos(nowNanos - sinceNanos).toMillis() / 1000.0, 0.001);
    }

    private static String estimate(long left, double bytesPerSecond) {
        if (left <= 0 || bytesPerSecond < 1) {
            return "";
        }
        return ", about " + Math.max(1, Math.round(left / bytesPerSecond)) + " s left";
    }
}
