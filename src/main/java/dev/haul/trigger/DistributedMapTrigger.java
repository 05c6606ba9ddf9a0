package dev.haul.trigger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchService;
import dev.haul.batch.CsvItems;
import dev.haul.batch.Submission;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;

/**
 * A batch of items from a Step Functions Distributed Map with an item batcher: {@code {"Items": [...], "BatchInput":
 * {...}}}. Each item is an item object as in a batch's {@code items} (what a JSON item reader gives; a CSV item
 * reader's row, whose empty cells are left out and whose {@code headers.<Name>} columns become headers) or a URL
 * string; {@code BatchInput} may give the {@code batchId} and {@code options} shared by every batch of the map. The
 * batch runs here (the map decides how much one invocation gets) and the answer is its report, which a state can
 * read ({@code $.counts}, {@code $.manifest}); a batch that cannot run is answered with a problem document.
 *
 * <p>Every child batch of one map gets its own id, the shared one followed by a hash of its items, so that their
 * manifests do not overwrite each other and a retried child is the same batch again.
 */
@ApplicationScoped
public class DistributedMapTrigger {

    private static final Set<String> EVENT_FIELDS = Set.of("Items", "BatchInput");
    private static final Set<String> BATCH_INPUT_FIELDS = Set.of("batchId", "options");
    /** Leaves room for the hash within a batch id's 128 characters. */
    private static final int MAX_SHARED_ID_LENGTH = 100;

    private final BatchService batches;
    private final ObjectMapper json;

    public DistributedMapTrigger(BatchService batches, ObjectMapper json) {
        this.batches = batches;
        this.json = json;
    }

    /** Takes an event whose {@code Items} is an array ({@link EventShape#DISTRIBUTED_MAP}). */
    public Uni<Object> handle(JsonNode event, Deadline deadline) {
        for (Iterator<String> names = event.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!EVENT_FIELDS.contains(name)) {
                return refuse(name, "unknown field in a Distributed Map item batch; expected Items, BatchInput");
            }
        }
        JsonNode input = event.path("BatchInput");
        if (!input.isMissingNode() && !input.isObject()) {
            return refuse("BatchInput", "must be an object with batchId and options");
        }
        for (Iterator<String> names = input.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!BATCH_INPUT_FIELDS.contains(name)) {
                return refuse("BatchInput." + name, "unknown field; expected batchId, options");
            }
        }
        JsonNode shared = input.path("batchId");
        if (!shared.isMissingNode() && (!shared.isTextual() || shared.asText().length() > MAX_SHARED_ID_LENGTH)) {
            return refuse("BatchInput.batchId", "must be a string of at most " + MAX_SHARED_ID_LENGTH
                    + " characters");
        }
        ObjectNode batch = json.createObjectNode();
        batch.put("batchId", shared.asText("sfn") + "-" + hashOf(event.path("Items")));
        ArrayNode items = batch.putArray("items");
        event.path("Items").forEach(item -> items.add(asItem(item)));
        if (input.has("options")) {
            batch.set("options", input.get("options"));
        }
        return batches.submit(Submission.runHere(batch, null, Delivery.FIRST), deadline).map(Answers::forInvoker);
    }

    /**
     * A URL string as an item, and a CSV reader's row as the item it stands for, read as Haul's own CSV lists are
     * ({@link CsvItems}).
     */
    private JsonNode asItem(JsonNode item) {
        if (item.isTextual()) {
            return json.createObjectNode().set("url", item);
        }
        if (!item.isObject()) {
            return item;
        }
        ObjectNode row = json.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = item.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            CsvItems.addCell(row, field.getKey(), field.getValue());
        }
        return row;
    }

    private static Uni<Object> refuse(String field, String reason) {
        return Uni.createFrom().item(Problem.invalidBatch(reason, field));
    }

    /** 16 hex digits of the items' SHA-256: the same items, the same batch. */
    private static String hashOf(JsonNode items) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(items.toString().getBytes(
                    StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
