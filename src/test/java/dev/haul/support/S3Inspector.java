package dev.haul.support;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What is really in the test bucket: objects, their SHA-256, their metadata, and any open multipart upload. */
public record S3Inspector(S3AsyncClient s3, String bucket) {

    /** Every key under the prefix, across as many listing pages as it takes. */
    public List<String> keys(String prefix) {
        return objects(prefix).stream().map(S3Object::key).toList();
    }

    /** Every object under {@code prefix}, as listed: key, size, ETag. */
    public List<S3Object> objects(String prefix) {
        List<S3Object> objects = new java.util.ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            var page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(continuation)).join();
            objects.addAll(page.contents());
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }

    public List<MultipartUpload> openUploads() {
        return s3.listMultipartUploads(r -> r.bucket(bucket)).join().uploads();
    }

    public boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key)).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof NoSuchKeyException
                    || e.getCause() instanceof software.amazon.awssdk.services.s3.model.S3Exception s3e && s3e
                            .statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public HeadObjectResponse head(String key) {
        return s3.headObject(r -> r.bucket(bucket).key(key)).join();
    }

    public Map<String, String> metadata(String key) {
        return head(key).metadata();
    }

    /** Streams the object through SHA-256 without holding it in memory. */
    public String sha256(String key) throws IOException {
        MessageDigest digest = Bodies.newDigest();
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key),
                AsyncResponseTransformer.toBlockingInputStream()).join()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public void put(String key, String text) {
        s3.putObject(r -> r.bucket(bucket).key(key), software.amazon.awssdk.core.async.AsyncRequestBody.fromString(
                text))
                .join();
    }

    public void putBytes(String key, byte[] bytes) {
        s3.putObject(r -> r.bucket(bucket).key(key), software.amazon.awssdk.core.async.AsyncRequestBody.fromBytes(
                bytes)).join();
    }

    public String text(String key) {
        return s3.getObject(r -> r.bucket(bucket).key(key), AsyncResponseTransformer.toBytes()).join().asUtf8String();
    }
}
