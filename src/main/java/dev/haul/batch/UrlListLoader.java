package dev.haul.batch;

import java.io.IOException;
import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.store.S3Errors;

/**
 * Reads a URL list stored in S3 ({@code s3://bucket/key}): either a batch JSON, or plain text with one URL per line
 * (blank lines and lines starting with {@code #} are skipped). Returns it as a batch document for the parser.
 */
@ApplicationScoped
public class UrlListLoader {

    /** Larger lists belong in several batches; this also bounds the memory a list can take. */
    static final int MAX_LIST_BYTES = 8 * 1024 * 1024;

    private final S3AsyncClient s3;
    private final ObjectMapper json;

    public UrlListLoader(S3AsyncClient s3, ObjectMapper json) {
        this.s3 = s3;
        this.json = json;
    }

    public Uni<ObjectNode> load(String manifestUrl, String field) {
        URI uri = parse(manifestUrl, field);
        String bucket = uri.getHost();
        String key = uri.getPath().substring(1);
        return Uni.createFrom()
                .completionStage(() -> s3.getObject(r -> r.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()))
                .onFailure().transform(e -> new InvalidBatchException(field, "could not read " + manifestUrl + ": "
                        + S3Errors.describe(e)))
                .map(bytes -> {
                    if (bytes.asByteArray().length > MAX_LIST_BYTES) {
                        throw new InvalidBatchException(field, manifestUrl + " is larger than " + MAX_LIST_BYTES
                                + " bytes");
                    }
                    return toBatch(bytes.asUtf8String(), manifestUrl, field);
                });
    }

    private ObjectNode toBatch(String text, String manifestUrl, String field) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = json.readTree(trimmed);
                if (node instanceof ObjectNode object) {
                    return object;
                }
            } catch (IOException e) {
                throw new InvalidBatchException(field, manifestUrl + " starts like JSON but is not valid JSON");
            }
        }
        ObjectNode batch = json.createObjectNode();
        ArrayNode urls = batch.putArray("urls");
        trimmed.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(urls::add);
        return batch;
    }

    private static URI parse(String manifestUrl, String field) {
        try {
            URI uri = URI.create(manifestUrl);
            if ("s3".equals(uri.getScheme()) && uri.getHost() != null && uri.getPath() != null
                    && uri.getPath().length() > 1) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the expected form.
        }
        throw new InvalidBatchException(field, "must be an S3 URL of the form s3://bucket/key");
    }
}
