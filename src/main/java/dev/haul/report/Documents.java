package dev.haul.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.haul.config.HaulConfig;
import dev.haul.store.S3Errors;

/**
 * The small S3 objects a batch's records are made of, in the manifest bucket: JSON documents, empty markers, and
 * listings. {@link #createJson} and {@link #createFile} are conditional writes ({@code If-None-Match: *}), which is
 * how "exactly once" is decided between workers that finish at the same time: S3 lets one of them create the key.
 */
@ApplicationScoped
public class Documents {

    private static final byte[] EMPTY = new byte[0];

    private final S3AsyncClient s3;
    private final ObjectMapper json;
    private final String bucket;

    public Documents(S3AsyncClient s3, ObjectMapper json, HaulConfig config) {
        this.s3 = s3;
        this.json = json;
        this.bucket = config.store().bucket();
    }

    public String bucket() {
        return bucket;
    }

    public Uni<Void> putJson(String key, Object document) {
        return put(key, bytes(document), "application/json", null);
    }

    public Uni<Void> putBytes(String key, byte[] body, String contentType) {
        return put(key, body, contentType, null);
    }

    public Uni<Void> putMarker(String key) {
        return put(key, EMPTY, "application/octet-stream", null);
    }

    /** Writes the document unless the key exists; {@code true} when this call created it. */
    public Uni<Boolean> createJson(String key, Object document) {
        return created(put(key, bytes(document), "application/json", "*"));
    }

    /** Uploads the file unless the key exists; {@code true} when this call created it. */
    public Uni<Boolean> createFile(String key, Path file, String contentType) {
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType)
                .ifNoneMatch("*").build();
        return created(Uni.createFrom().completionStage(() -> s3.putObject(request, AsyncRequestBody.fromFile(file)))
                .replaceWithVoid());
    }

    /** The file, overwritten if it exists. */
    public Uni<Void> putFile(String key, Path file, String contentType) {
        PutObjectRequest request = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build();
        return Uni.createFrom().completionStage(() -> s3.putObject(request, AsyncRequestBody.fromFile(file)))
                .replaceWithVoid();
    }

    public Uni<Optional<JsonNode>> readJson(String key) {
        return Uni.createFrom()
                .completionStage(() -> s3.getObject(r -> r.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()))
                .map(body -> Optional.of(parse(body.asByteArray())))
                .onFailure(S3Errors::isMissing).recoverWithItem(Optional.empty());
    }

    public Uni<Boolean> exists(String key) {
        return Uni.createFrom().completionStage(() -> s3.headObject(r -> r.bucket(bucket).key(key)))
                .map(found -> true)
                .onFailure(S3Errors::isMissing).recoverWithItem(false);
    }

    /** Every key under {@code prefix}, page after page (1 000 keys a request, as many requests as it takes). */
    public Multi<String> list(String prefix) {
        return list(prefix, 1000);
    }

    Multi<String> list(String prefix, int pageSize) {
        AtomicReference<String> next = new AtomicReference<>();
        return Multi.createBy().repeating()
                .completionStage(() -> s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(pageSize)
                        .continuationToken(next.get())))
                // The page that is not truncated is the last, and still emitted.
                .whilst(page -> {
                    next.set(page.nextContinuationToken());
                    return Boolean.TRUE.equals(page.isTruncated());
                })
                .onItem().transformToIterable(ListObjectsV2Response::contents)
                .map(S3Object::key);
    }

    private Uni<Void> put(String key, byte[] body, String contentType, String ifNoneMatch) {
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .contentLength((long) body.length)
                .ifNoneMatch(ifNoneMatch)
                .build();
        return Uni.createFrom().completionStage(() -> s3.putObject(request, AsyncRequestBody.fromBytes(body)))
                .replaceWithVoid();
    }

    private static Uni<Boolean> created(Uni<Void> write) {
        // A 409 (another conditional write to the key in progress) fails the call: the part is received again and
        // then finds out who won.
        return write.map(ignored -> true).onFailure(S3Errors::isPreconditionFailed).recoverWithItem(false);
    }

    private byte[] bytes(Object document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Haul's own records are always serialisable", e);
        }
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
