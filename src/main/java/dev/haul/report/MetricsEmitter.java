package dev.haul.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.haul.config.HaulConfig;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;

/**
 * A batch's metrics as CloudWatch embedded metric format (EMF) lines on standard output, which Lambda sends to
 * CloudWatch Logs, where they become metrics without any API call: items stored, unchanged, failed and blocked,
 * bytes stored, retries, and every item's duration. EMF allows 100 values per metric in one line, so durations of a
 * larger batch spread over several lines (the counts are on the first only).
 */
@ApplicationScoped
public class MetricsEmitter {

    static final String NAMESPACE = "Haul";
    private static final int MAX_VALUES = 100;

    private final ObjectMapper json;
    private final boolean enabled;
    private final PrintStream out;

    @Inject
    public MetricsEmitter(ObjectMapper json, HaulConfig config) {
        this(json, config.metrics().enabled(), System.out);
    }

    MetricsEmitter(ObjectMapper json, boolean enabled, PrintStream out) {
        this.json = json;
        this.enabled = enabled;
        this.out = out;
    }

    public void emit(BatchReport report) {
        if (enabled) {
            lines(report).forEach(out::println);
        }
    }

    List<String> lines(BatchReport report) {
        List<Long> durations = report.items().stream().map(ItemResult::durationMs).toList();
        List<String> lines = new ArrayList<>();
        for (int from = 0; from < Math.max(durations.size(), 1); from += MAX_VALUES) {
            List<Long> slice = durations.subList(Math.min(from, durations.size()),
                    Math.min(from + MAX_VALUES, durations.size()));
            lines.add(line(report, slice, from == 0).toString());
        }
        return lines;
    }

    private ObjectNode line(BatchReport report, List<Long> durations, boolean withCounts) {
        ObjectNode root = json.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", report.finishedAt().toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Service");
        ArrayNode metrics = directive.putArray("Metrics");
        root.put("Service", "haul");
        root.put("batchId", report.batchId());
        if (withCounts) {
            BatchReport.Counts counts = report.counts();
            put(root, metrics, "ItemsStored", "Count", counts.stored());
            put(root, metrics, "ItemsUnchanged", "Count", counts.unchanged());
            put(root, metrics, "ItemsFailed", "Count", counts.failed());
            put(root, metrics, "ItemsBlocked", "Count", counts.blocked());
            put(root, metrics, "BytesStored", "Bytes", report.items().stream()
                    .filter(i -> i.status() == ItemStatus.STORED && i.bytes() != null).mapToLong(ItemResult::bytes)
                    .sum());
            put(root, metrics, "Retries", "Count", report.items().stream()
                    .mapToLong(i -> Math.max(i.attempts() - 1, 0)).sum());
        }
        if (!durations.isEmpty()) {
            metrics.addObject().put("Name", "ItemDuration").put("Unit", "Milliseconds");
            ArrayNode values = root.putArray("ItemDuration");
            durations.forEach(values::add);
        }
        return root;
    }

    private static void put(ObjectNode root, ArrayNode metrics, String name, String unit, long value) {
        metrics.addObject().put("Name", name).put("Unit", unit);
        root.put(name, value);
    }
}
