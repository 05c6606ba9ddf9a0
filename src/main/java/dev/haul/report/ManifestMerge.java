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

    /**
     * Creates both work files in {@code directory} and writes the manifest's head. If any of that fails, nothing it
     * created is left behind: a disk that is full or failing must not also fill up with work files.
     */
    static ManifestMerge open(ObjectMapper json, RetryLines retryLines, Path directory, BatchStatus head)
            throws IOException {
        Files.createDirectories(directory);
        Path manifestFile = Files.createTempFile(directory, "merged-", ".json");
        Path retryFile = null;
        try {
            retryFile = Files.createTempFile(directory, "retry-", ".jsonl");
            return new ManifestMerge(json, retryLines, manifestFile, retryFile, head);
        } catch (IOException | RuntimeException e) {
            deleteAfterFailure(manifestFile, e);
            if (retryFile != null) {
                deleteAfterFailure(retryFile, e);
            }
            throw e;
        }
    }

    private ManifestMerge(ObjectMapper json, RetryLines retryLines, Path manifestFile, Path retryFile,
            BatchStatus head) throws IOException {
        this.retryLines = retryLines;
        this.manifestFile = manifestFile;
        this.retryFile = retryFile;
        this.retryOut = Files.newOutputStream(retryFile);
        try {
            this.manifest = json.getFactory().createGenerator(manifestFile.toFile(), JsonEncoding.UTF8);
        } catch (IOException | RuntimeException e) {
            retryOut.close();
            throw e;
        }
        try {
            manifest.writeStartObject();
            ObjectNode fields = json.valueToTree(head);
            for (var field = fields.fields(); field.hasNext();) {
                var entry = field.next();
                manifest.writeFieldName(entry.getKey());
                manifest.writeTree(entry.getValue());
            }
        } catch (IOException | RuntimeException e) {
            closeStreams();
            throw e;
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

    /** Closes both files and deletes them, all of it even when a step before fails. */
    @Override
    public void close() throws IOException {
        try {
            closeStreams();
        } finally {
            try {
                Files.deleteIfExists(manifestFile);
            } finally {
                Files.deleteIfExists(retryFile);
            }
        }
    }

    private void closeStreams() throws IOException {
        try {
            manifest.close();
        } finally {
            retryOut.close();
        }
    }

    private static void deleteAfterFailure(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
