package dev.haul.batch;

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
 * Reads a URL list stored in S3 ({@code s3://bucket/key}): either a batch JSON (read as strictly as an event, see
 * {@link JsonInput}), or UTF-8 text with one URL per line (blank lines and lines starting with {@code #} are
 * skipped). Returns it as a batch document for the parser.
 */
@ApplicationScoped
public class UrlListLoader {

    /** Larger lists belong in several batches; this also bounds the memory a list can take. */
    static final int MAX_LIST_BYTES = 8 * 1024 * 1024;

    private final S3AsyncClient s3;
    private final ObjectMapper json;
    private final JsonInput lists = new JsonInput(MAX_LIST_BYTES);

    public UrlListLoader(S3AsyncClient s3, ObjectMapper json) {
        this.s3 = s3;
        this.json = json;
    }

    /**
     * Reads the list at {@code manifestUrl}. Its size is known before a byte of it is read (HEAD), so a list over the
     * limit is refused unread; the GET then asks for that same version (If-Match), so the object cannot grow between
     * the two.
     */
    public Uni<ObjectNode> load(String manifestUrl, String field) {
        URI uri = parse(manifestUrl, field);
        String bucket = uri.getHost();
        String key = uri.getPath().substring(1);
        return Uni.createFrom().completionStage(() -> s3.headObject(r -> r.bucket(bucket).key(key)))
                .onFailure().transform(e -> unreadable(manifestUrl, field, e))
                .flatMap(head -> {
                    if (head.contentLength() != null && head.contentLength() > MAX_LIST_BYTES) {
                        throw new BatchTooLargeException(field, manifestUrl + " is " + head.contentLength()
                                + " bytes, larger than the limit of " + MAX_LIST_BYTES);
                    }
                    return Uni.createFrom().completionStage(() -> s3.getObject(r -> r.bucket(bucket).key(key)
                            .ifMatch(head.eTag()), AsyncResponseTransformer.toBytes()))
                            .onFailure().transform(e -> unreadable(manifestUrl, field, e));
                })
                .map(bytes -> toBatch(bytes.asByteArray(), manifestUrl, field));
    }

    private static InvalidBatchException unreadable(String manifestUrl, String field, Throwable e) {
        return e instanceof InvalidBatchException invalid
                ? invalid
                : new InvalidBatchException(field, "could not read " + manifestUrl + ": " + S3Errors.describe(e));
    }

    private ObjectNode toBatch(byte[] bytes, String manifestUrl, String field) {
        String text = utf8Text(bytes, manifestUrl, field);
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            JsonNode node;
            try {
                node = lists.read(bytes, manifestUrl);
            } catch (InvalidJsonException e) {
                throw new InvalidBatchException(field, e.getMessage());
            }
            if (node instanceof ObjectNode object) {
                return object;
            }
        }
        ObjectNode batch = json.createObjectNode();
        ArrayNode urls = batch.putArray("urls");
        trimmed.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(urls::add);
        return batch;
    }

    /** The list as text: UTF-8, and no control characters but tab and line ends, which only binary files hold. */
    private static String utf8Text(byte[] bytes, String manifestUrl, String field) {
        if (!(Utf8.decode(bytes) instanceof Utf8.Decoded.Text decoded)) {
            throw new InvalidBatchException(field, manifestUrl + " is not UTF-8 text (a list is one URL per line, or "
                    + "a batch JSON)");
        }
        String text = decoded.text();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                throw new InvalidBatchException(field, manifestUrl + " holds binary content (U+%04X at character %d); "
                        .formatted((int) c, i) + "a list is one URL per line, or a batch JSON");
            }
        }
        return text;
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
