package dev.haul.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts a URL list into the run's S3, so that a queued run hands Haul a {@code manifestUrl} as a deployed caller
 * would, instead of the URLs inline. The list is stored as read (one URL a line, comments and blank lines gone), so
 * both modes fetch the same URLs from one file.
 */
final class ListUpload {

    static final String KEY_PREFIX = "haul-local/lists/";

    private ListUpload() {}

    /** Stores {@code urls} under {@value #KEY_PREFIX}{@code name} and returns its {@code s3://} URL. */
    static String put(S3Target s3, String name, List<String> urls) throws IOException {
        String key = KEY_PREFIX + name;
        byte[] body = (String.join("\n", urls) + "\n").getBytes(StandardCharsets.UTF_8);
        try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
                .region(Region.of(s3.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(),
                        s3.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            client.putObject(request -> request.bucket(s3.bucket()).key(key).contentType("text/plain"),
                    RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new IOException("could not upload the URL list to s3://" + s3.bucket() + "/" + key + ": "
                    + e.getMessage(), e);
        }
        return "s3://" + s3.bucket() + "/" + key;
    }
}
