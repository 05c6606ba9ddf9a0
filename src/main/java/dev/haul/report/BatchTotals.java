package dev.haul.report;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;

/**
 * How many items of a batch (or of its parts so far) ended in each status, the bytes stored, and the lines of its
 * list that were not items. Small enough to travel in an S3 key name ({@link #encoded()}), which is how a batch's
 * status is summed from one listing instead of one read per part.
 */
@RegisterForReflection
public record BatchTotals(long total, long stored, long unchanged, long failed, long blocked, long bytes,
        long rejectedLines) {

    public static final BatchTotals NONE = new BatchTotals(0, 0, 0, 0, 0, 0, 0);

    private static final Pattern ENCODED = Pattern.compile(
            "i(\\d+)\\.s(\\d+)\\.u(\\d+)\\.f(\\d+)\\.b(\\d+)\\.n(\\d+)\\.r(\\d+)");

    public static BatchTotals of(BatchReport report) {
        BatchReport.Counts counts = report.counts();
        return new BatchTotals(counts.total(), counts.stored(), counts.unchanged(), counts.failed(), counts.blocked(),
                storedBytes(report.items()),
                report.rejectedLines() == null ? 0 : report.rejectedLines().size());
    }

    /** The totals of a report as written to S3 (a part's manifest). */
    public static BatchTotals of(JsonNode report) {
        JsonNode counts = report.path("counts");
        long bytes = 0;
        for (JsonNode item : report.path("items")) {
            if ("stored".equals(item.path("status").asText())) {
                bytes += item.path("bytes").asLong();
            }
        }
        return new BatchTotals(counts.path("total").asLong(), counts.path("stored").asLong(),
                counts.path("unchanged").asLong(), counts.path("failed").asLong(), counts.path("blocked").asLong(),
                bytes, report.path("rejectedLines").size());
    }

    private static long storedBytes(List<ItemResult> items) {
        return items.stream().filter(item -> item.status() == ItemStatus.STORED && item.bytes() != null)
                .mapToLong(ItemResult::bytes).sum();
    }

    public BatchTotals plus(BatchTotals other) {
        return new BatchTotals(total + other.total, stored + other.stored, unchanged + other.unchanged,
                failed + other.failed, blocked + other.blocked, bytes + other.bytes,
                rejectedLines + other.rejectedLines);
    }

    /** "i200.s198.u0.f2.b0.n1048576.r0": safe in an S3 key, read back by {@link #decoded}. */
    public String encoded() {
        return "i%d.s%d.u%d.f%d.b%d.n%d.r%d".formatted(total, stored, unchanged, failed, blocked, bytes,
                rejectedLines);
    }

    public static Optional<BatchTotals> decoded(String text) {
        Matcher m = ENCODED.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new BatchTotals(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)), Long.parseLong(m.group(7))));
    }
}
