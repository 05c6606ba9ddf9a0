package dev.haul.store;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What the origin said about a body, kept on the S3 object so its provenance travels with it: the source URL (the
 * item's URL as requested, without user-info; redirects do not change it), the origin's ETag, Last-Modified and
 * Content-Encoding, and the id of the batch that wrote it. The origin's Content-Type becomes the object's
 * Content-Type.
 */
public record SourceMetadata(URI url, Optional<String> contentType, Optional<String> etag,
        Optional<String> lastModified, Optional<String> contentEncoding, String batchId) {

    static final String URL = "source-url";
    static final String ETAG = "source-etag";
    static final String LAST_MODIFIED = "source-last-modified";
    static final String CONTENT_ENCODING = "source-content-encoding";
    /** The batch that wrote the object: how a redelivered message recognises its own earlier work. */
    static final String BATCH_ID = "haul-batch-id";

    /** User metadata as sent to S3: printable ASCII only, since S3 rejects anything else in headers. */
    Map<String, String> userMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(URL, ascii(withoutUserInfo(url)));
        etag.ifPresent(v -> metadata.put(ETAG, ascii(v)));
        lastModified.ifPresent(v -> metadata.put(LAST_MODIFIED, ascii(v)));
        contentEncoding.ifPresent(v -> metadata.put(CONTENT_ENCODING, ascii(v)));
        metadata.put(BATCH_ID, batchId);
        return metadata;
    }

    /**
     * Whether an object's recorded {@code source-url} names this URL: the same URL, also when one was fetched over
     * http and the other over https (they share a key by design). An object without one is not Haul's.
     */
    static boolean sameSource(HeadObjectResponse object, URI url) {
        String recorded = object.metadata().get(URL);
        return recorded != null && withoutScheme(recorded).equals(withoutScheme(ascii(withoutUserInfo(url))));
    }

    private static String withoutScheme(String url) {
        int colon = url.indexOf("://");
        return colon < 0 ? url : url.substring(colon + 3);
    }

    String contentTypeOrDefault() {
        return contentType.map(SourceMetadata::ascii).filter(v -> !v.isBlank()).orElse("application/octet-stream");
    }

    private static String withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toASCIIString();
        }
        return url.toASCIIString().replaceFirst("//[^@/]*@", "//");
    }

    private static String ascii(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> out.append((char) c));
        return out.toString();
    }
}
