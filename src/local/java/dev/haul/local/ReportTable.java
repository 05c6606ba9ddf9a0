package dev.haul.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.haul.model.ByteSize;
import dev.haul.model.ItemResult;
import dev.haul.report.BatchReport;

/** A batch report for people: one row per URL in the batch's order, a totals line, and where the manifest went. */
final class ReportTable {

    private static final String[] HEADER = {"STATUS", "SIZE", "KEY / FAILURE", "URL"};

    private ReportTable() {}

    static void print(BatchReport report, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        long bytes = 0;
        for (ItemResult item : report.items()) {
            rows.add(row(item));
            bytes += item.bytes() == null ? 0 : item.bytes();
        }
        int[] widths = new int[HEADER.length - 1];
        for (String[] row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[column] + "s  ", row[column]));
            }
            out.println(line.append(row[widths.length]));
        }
        BatchReport.Counts counts = report.counts();
        out.printf(Locale.ROOT, "%d URL%s: %d stored (%s), %d unchanged, %d failed, %d blocked, in %s%n",
                counts.total(), counts.total() == 1 ? "" : "s", counts.stored(), size(bytes), counts.unchanged(),
                counts.failed(), counts.blocked(), elapsed(report));
        if (report.rejectedLines() != null) {
            report.rejectedLines().forEach(rejected -> out.printf(Locale.ROOT, "not an item: line %d: %s%n",
                    rejected.line(), rejected.problem()));
        }
        out.println(report.manifest() == null
                ? "manifest: not written (see " + HaulInvocation.LOG + ")"
                : "manifest: s3://" + report.manifest().bucket() + "/" + report.manifest().key());
    }

    private static String[] row(ItemResult item) {
        String status = item.status().json();
        return switch (item.status()) {
            case STORED -> new String[]{status, size(item.bytes()), item.key(), item.url()};
            case UNCHANGED -> new String[]{status, size(item.bytes()), item.key() + " (kept as stored)", item.url()};
            case FAILED, BLOCKED -> new String[]{status, "-", item.failure() == null
                    ? "unknown"
                    : item.failure().kind().json() + ": " + item.failure().message(), item.url()};
        };
    }

    /** Bytes as people read them, or "-" when there are none to show. */
    static String size(Long bytes) {
        return bytes == null ? "-" : ByteSize.text(bytes);
    }

    private static String elapsed(BatchReport report) {
        if (report.startedAt() == null || report.finishedAt() == null) {
            return "? s";
        }
        long millis = Duration.between(report.startedAt(), report.finishedAt()).toMillis();
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
