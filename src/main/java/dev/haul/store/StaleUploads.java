package dev.haul.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import dev.haul.config.HaulConfig;

/**
 * Aborts the multipart uploads a worker left open on a key when it died mid-transfer (killed, timed out, out of
 * memory), so that a redelivered batch leaves no upload behind instead of waiting for the bucket's lifecycle rule.
 *
 * <p>Only uploads of exactly that key, initiated before the redelivery began, are aborted: a duplicate delivery that
 * started later is alive and its upload is left alone. S3's clock (the upload's {@code Initiated}) is compared with
 * this function's, both kept to the Amazon Time Sync Service. A delivery that began while the old worker was still
 * alive (its visibility timeout ran out first) aborts that worker's upload too; the old worker's item then fails and
 * this delivery stores it.
 *
 * <p>Cleaning up is a courtesy, never a condition: every failure is logged and the item goes on.
 */
@ApplicationScoped
public class StaleUploads {

    private static final Logger LOG = Logger.getLogger(StaleUploads.class);

    /** S3's largest page. */
    static final int PAGE_SIZE = 1000;

    private final S3AsyncClient s3;
    private final String bucket;
    private final int pageSize;

    @Inject
    public StaleUploads(S3AsyncClient s3, HaulConfig config) {
        this(s3, config.store().bucket(), PAGE_SIZE);
    }

    /** With a smaller page, so tests can see the listing go on across pages. */
    StaleUploads(S3AsyncClient s3, String bucket, int pageSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.pageSize = pageSize;
    }

    /** Aborts every upload of {@code key} initiated before {@code deliveryBegan}; completes with how many it aborted. */
    public Uni<Integer> abortLeftBefore(String key, Instant deliveryBegan) {
        return stale(key, deliveryBegan, null, null)
                .flatMap(uploads -> Multi.createFrom().iterable(uploads)
                        .onItem().transformToUniAndConcatenate(upload -> abort(key, upload))
                        .collect().with(Collectors.summingInt(Integer::intValue)))
                .invoke(aborted -> {
                    if (aborted > 0) {
                        LOG.infof("aborted %d multipart upload(s) of s3://%s/%s left open by an earlier delivery",
                                aborted, bucket, key);
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("could not list the multipart uploads of s3://%s/%s (%s); any left open by an earlier "
                            + "delivery stay until the bucket's lifecycle rule removes them", bucket, key,
                            S3Errors.describe(e));
                    return 0;
                });
    }

    /**
     * The uploads of {@code key} initiated before {@code cutOff}, from this page on. S3 lists uploads by key, and
     * {@code key} sorts before every other key it is a prefix of, so the first other key ends the search.
     */
    private Uni<List<MultipartUpload>> stale(String key, Instant cutOff, String keyMarker, String uploadIdMarker) {
        return Uni.createFrom().completionStage(() -> s3.listMultipartUploads(r -> r.bucket(bucket).prefix(key)
                .maxUploads(pageSize).keyMarker(keyMarker).uploadIdMarker(uploadIdMarker)))
                .flatMap(page -> {
                    List<MultipartUpload> found = page.uploads().stream()
                            .filter(upload -> upload.key().equals(key))
                            .filter(upload -> upload.initiated() != null && upload.initiated().isBefore(cutOff))
                            .toList();
                    if (!morePages(page, key, keyMarker, uploadIdMarker)) {
                        return Uni.createFrom().item(found);
                    }
                    return stale(key, cutOff, page.nextKeyMarker(), page.nextUploadIdMarker())
                            .map(rest -> concat(found, rest));
                });
    }

    /** Whether a next page may still hold uploads of {@code key}; a page that does not move on ends the listing. */
    private static boolean morePages(ListMultipartUploadsResponse page, String key, String keyMarker,
            String uploadIdMarker) {
        boolean passedTheKey = page.uploads().stream().anyMatch(upload -> !upload.key().equals(key));
        boolean movesOn = page.nextUploadIdMarker() != null && !(Objects.equals(page.nextKeyMarker(), keyMarker)
                && Objects.equals(page.nextUploadIdMarker(), uploadIdMarker));
        return Boolean.TRUE.equals(page.isTruncated()) && !passedTheKey && movesOn;
    }

    /** 1 when aborted; 0 when S3 refused, which is logged with the upload id so an operator can abort it by hand. */
    private Uni<Integer> abort(String key, MultipartUpload upload) {
        return Uni.createFrom()
                .completionStage(() -> s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(upload
                        .uploadId())))
                .replaceWith(1)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("could not abort multipart upload %s of s3://%s/%s left by an earlier delivery (%s); "
                            + "the bucket's lifecycle rule removes it", upload.uploadId(), bucket, key,
                            S3Errors.describe(e));
                    return 0;
                });
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
