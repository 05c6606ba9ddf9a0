package dev.haul.batch;

import java.util.Iterator;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * The forms a batch arrives in, whatever the trigger: a batch JSON ({@code items} or {@code urls}), a single item
 * ({@code {"url": ...}}, as an SQS message may carry), or a pointer to a list in S3 ({@code {"manifestUrl":
 * "s3://..."}}). A trigger may supply the batch id to use when the document has none, so that a redelivered event
 * maps to the same batch.
 */
@ApplicationScoped
public class BatchSource {

    private final BatchParser parser;
    private final UrlListLoader lists;
    private final ObjectMapper json;

    public BatchSource(BatchParser parser, UrlListLoader lists, ObjectMapper json) {
        this.parser = parser;
        this.lists = lists;
        this.json = json;
    }

    /** A document read: a batch, or a list too long to load. */
    sealed interface Read {
        record Batch(BatchRequest batch) implements Read {}

        record Split(LongList list) implements Read {}
    }

    Uni<Read> read(JsonNode document, String defaultBatchId) {
        if (document == null || !document.isObject()) {
            return Uni.createFrom().failure(
                    new InvalidBatchException(null,
                            "a batch must be a JSON object with \"items\", \"urls\" or \"manifestUrl\""));
        }
        ObjectNode batch = (ObjectNode) document;
        if (batch.has("manifestUrl")) {
            return fromList(batch, defaultBatchId);
        }
        if (batch.has("url") && !batch.has("items") && !batch.has("urls")) {
            ObjectNode wrapped = json.createObjectNode();
            wrapped.putArray("items").add(batch);
            batch = wrapped;
        }
        return Uni.createFrom().item(withDefaultId(batch, defaultBatchId)).map(parser::parse).map(Read.Batch::new);
    }

    private Uni<Read> fromList(ObjectNode pointer, String defaultBatchId) {
        for (Iterator<String> names = pointer.fieldNames(); names.hasNext();) {
            String name = names.next();
            // "parent" is on a retry's long list that the API handed to a worker; Submission.checkOrigin refuses it
            // from anyone but the queue.
            if (!name.equals("manifestUrl") && !name.equals("batchId") && !name.equals("options")
                    && !name.equals("parent")) {
                return Uni.createFrom().failure(new InvalidBatchException(name,
                        "unknown field next to \"manifestUrl\"; expected batchId, options"));
            }
        }
        JsonNode url = pointer.get("manifestUrl");
        if (!url.isTextual()) {
            return Uni.createFrom().failure(new InvalidBatchException("manifestUrl",
                    "must be a string s3://bucket/key"));
        }
        return lists.load(url.asText(), "manifestUrl").map(loaded -> {
            if (loaded instanceof LoadedList.Listed listed) {
                return new Read.Batch(parser.parseListed(withDefaultId(pointer, defaultBatchId), listed.items(),
                        listed.rejectedLines()));
            }
            if (loaded instanceof LoadedList.TooLong tooLong) {
                return new Read.Split(parser.parseLong(withDefaultId(pointer, defaultBatchId), url.asText(),
                        tooLong));
            }
            ObjectNode document = ((LoadedList.Document) loaded).batch();
            // The pointer's own batchId and options win over what the list says.
            if (pointer.has("batchId")) {
                document.set("batchId", pointer.get("batchId"));
            }
            if (pointer.has("options")) {
                document.set("options", pointer.get("options"));
            }
            return new Read.Batch(parser.parse(withDefaultId(document, defaultBatchId)));
        });
    }

    private static ObjectNode withDefaultId(ObjectNode batch, String defaultBatchId) {
        if (defaultBatchId != null && !batch.has("batchId")) {
            ObjectNode copy = batch.deepCopy();
            copy.put("batchId", defaultBatchId);
            return copy;
        }
        return batch;
    }
}
