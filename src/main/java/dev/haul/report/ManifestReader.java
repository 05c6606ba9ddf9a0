package dev.haul.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;
import dev.haul.store.S3Errors;

/**
 * Reads a batch's manifest back for {@code GET /batches/{batchId}}: the report itself, or, for a batch queued as
 * several parts, the parts merged into one report once every part has written its own.
 */
@ApplicationScoped
public class ManifestReader {

    /** What is known about a batch: its report, or how far it got. */
    public sealed interface Lookup {
        record Found(JsonNode report) implements Lookup {}

        record Pending(String detail) implements Lookup {}

        record Unknown() implements Lookup {}
    }

    private final S3AsyncClient s3;
    private final ObjectMapper json;
    private final ManifestKeys keys;
    private final String bucket;

    public ManifestReader(S3AsyncClient s3, ObjectMapper json, ManifestKeys keys, HaulConfig config) {
        this.s3 = s3;
        this.json = json;
        this.keys = keys;
        this.bucket = config.store().bucket();
    }

    public Uni<Lookup> find(String batchId) {
        return read(keys.reportKey(batchId, BatchPart.WHOLE)).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new Lookup.Unknown());
            }
            JsonNode document = found.get();
            if (!document.has("parts")) {
                return Uni.createFrom().item(new Lookup.Found(document));
            }
            return mergeParts(batchId, document.get("parts").asInt(), document);
        });
    }

    private Uni<Lookup> mergeParts(String batchId, int count, JsonNode index) {
        return Multi.createFrom().range(1, count + 1)
                .onItem().transformToUniAndConcatenate(i -> read(keys.reportKey(batchId, new BatchPart(i, count))))
                .collect().asList()
                .map(parts -> {
                    List<JsonNode> done = parts.stream().flatMap(Optional::stream).toList();
                    if (done.size() < count) {
                        return new Lookup.Pending("batch " + batchId + " was queued as " + count + " parts; "
                                + done.size() + " of them have finished");
                    }
                    return new Lookup.Found(merge(batchId, index, done));
                });
    }

    private JsonNode merge(String batchId, JsonNode index, List<JsonNode> parts) {
        ObjectNode merged = json.createObjectNode();
        ArrayNode items = json.createArrayNode();
        ArrayNode rejectedLines = json.createArrayNode();
        int stored = 0;
        int failed = 0;
        int blocked = 0;
        int unchanged = 0;
        for (JsonNode part : parts) {
            unchanged += part.path("counts").path("unchanged").asInt();
            part.path("items").forEach(items::add);
            part.path("rejectedLines").forEach(rejectedLines::add);
            stored += part.path("counts").path("stored").asInt();
            failed += part.path("counts").path("failed").asInt();
            blocked += part.path("counts").path("blocked").asInt();
        }
        merged.put("batchId", batchId);
        merged.set("startedAt", parts.get(0).get("startedAt"));
        merged.set("finishedAt", parts.stream().map(p -> p.path("finishedAt")).max(
                java.util.Comparator.comparing(JsonNode::asText)).orElse(null));
        ObjectNode counts = merged.putObject("counts");
        counts.put("total", stored + unchanged + failed + blocked).put("stored", stored).put("unchanged", unchanged)
                .put("failed", failed).put("blocked", blocked);
        merged.putObject("manifest").put("bucket", bucket).put("key", keys.reportKey(batchId, BatchPart.WHOLE));
        merged.put("parts", index.path("parts").asInt());
        if (!rejectedLines.isEmpty()) {
            merged.set("rejectedLines", rejectedLines);
        }
        merged.set("items", items);
        return merged;
    }

    private Uni<Optional<JsonNode>> read(String key) {
        return Uni.createFrom()
                .completionStage(() -> s3.getObject(r -> r.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()))
                .map(bytes -> Optional.of(parse(bytes.asByteArray())))
                .onFailure(S3Errors::isMissing).recoverWithItem(Optional.empty());
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
