package dev.haul.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a queued batch's merged manifest and its retry list to two local files while its parts' manifests are fed
 * in, one at a time and in order, so that memory holds one part whatever the batch's size. The manifest starts with
 * what a reader wants first (state, totals, locations), then the list's rejected lines, then every item. The retry
 * list has one line per failed item ({@link RetryLines}).
 */
final class ManifestMerge implements AutoCloseable {

    private final RetryLines retryLines;
    private final Path manifestFile;
    private final Path retryFile;
    private final OutputStream retryOut;
    private final JsonGenerator manifest;
    private boolean itemsStarted;

    ManifestMerge(ObjectMapper json, RetryLines retryLines, Path directory, BatchStatus head) throws IOException {
        this.retryLines = retryLines;
        Files.createDirectories(directory);
        this.manifestFile = Files.createTempFile(directory, "merged-", ".json");
        this.retryFile = Files.createTempFile(directory, "retry-", ".jsonl");
        this.retryOut = Files.newOutputStream(retryFile);
        this.manifest = json.getFactory().createGenerator(manifestFile.toFile(), JsonEncoding.UTF8);
        manifest.writeStartObject();
        ObjectNode fields = json.valueToTree(head);
        for (var field = fields.fields(); field.hasNext();) {
            var entry = field.next();
            manifest.writeFieldName(entry.getKey());
            manifest.writeTree(entry.getValue());
        }
    }

    /** Adds the next part's manifest. */
    void add(JsonNode part) throws IOException {
        JsonNode rejected = part.path("rejectedLines");
        if (!itemsStarted && rejected.isArray() && !rejected.isEmpty()) {
            // Only the first part carries the list's rejected lines.
            manifest.writeFieldName("rejectedLines");
            manifest.writeTree(rejected);
        }
        if (!itemsStarted) {
            manifest.writeArrayFieldStart("items");
            itemsStarted = true;
        }
        for (JsonNode item : part.path("items")) {
            manifest.writeTree(item);
            if (RetryLines.isFailed(item)) {
                retryOut.write(retryLines.line(item));
            }
        }
    }

    /** Ends both files; the merged manifest is then complete. */
    void finish() throws IOException {
        if (!itemsStarted) {
            manifest.writeArrayFieldStart("items");
        }
        manifest.writeEndArray();
        manifest.writeEndObject();
        manifest.close();
        retryOut.close();
    }

    Path manifestFile() {
        return manifestFile;
    }

    Path retryFile() {
        return retryFile;
    }

    @Override
    public void close() throws IOException {
        manifest.close();
        retryOut.close();
        Files.deleteIfExists(manifestFile);
        Files.deleteIfExists(retryFile);
    }
}
