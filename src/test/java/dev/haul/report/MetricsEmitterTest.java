package dev.haul.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.haul.model.Failure;
import dev.haul.model.FailureKind;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;

class MetricsEmitterTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void batchReport_becomesEmbeddedMetricFormatLines_withCountsBytesRetriesAndDurations() throws Exception {
        List<ItemResult> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(stored("https://x.org/" + i, "k" + i, i == 0 ? 3 : 1, i));
        }
        items.add(failed("https://x.org/f", "kf", 404, 7, new Failure(FailureKind.HTTP_STATUS, "404")));
        items.add(failed("https://x.org/z", "kz", null, 8, new Failure(FailureKind.BLOCKED, "no")));
        BatchReport report = BatchReport.of("b-1", null, Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000), null,
                items);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new MetricsEmitter(json, true, new PrintStream(out, true, StandardCharsets.UTF_8)).emit(report);

        List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(this::parse).toList();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(first.at("/_aws/Timestamp").asLong()).isEqualTo(2000);
        assertThat(first.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Haul");
        assertThat(first.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText()).isEqualTo("Service");
        assertThat(first.get("ItemsStored").asInt()).isEqualTo(150);
        assertThat(first.get("ItemsFailed").asInt()).isEqualTo(1);
        assertThat(first.get("ItemsBlocked").asInt()).isEqualTo(1);
        assertThat(first.get("BytesStored").asLong()).isEqualTo(1500);
        assertThat(first.get("Retries").asInt()).isEqualTo(2);
        assertThat(first.get("ItemDuration")).hasSize(100);
        assertThat(lines.get(1).get("ItemDuration")).hasSize(52);
        assertThat(lines.get(1).has("ItemsStored")).as("counts only once").isFalse();
        // Every metric a line names must be a member of that line, or CloudWatch drops the line.
        for (JsonNode line : lines) {
            line.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(m -> assertThat(line.has(m.get("Name").asText()))
                    .isTrue());
        }
    }

    @Test
    void disabled_printsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsEmitter(json, false, new PrintStream(out)).emit(BatchReport.of("b", null, Instant.now(), Instant
                .now(),
                null, List.of()));
        assertThat(out.size()).isZero();
    }

    private static ItemResult stored(String url, String key, int attempts, long durationMs) {
        return new ItemResult(url, "b", key, ItemStatus.STORED, 10L, "ab", "e", null, 200, attempts, durationMs, null,
                null);
    }

    private static ItemResult failed(String url, String key, Integer httpStatus, long durationMs, Failure failure) {
        ItemStatus status = failure.kind() == FailureKind.BLOCKED ? ItemStatus.BLOCKED : ItemStatus.FAILED;
        return new ItemResult(url, "b", key, status, null, null, null, null, httpStatus, 1, durationMs, failure, null);
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
