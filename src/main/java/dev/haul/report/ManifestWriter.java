package dev.haul.report;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;
import dev.haul.model.ItemResult;
import dev.haul.model.RejectedLine;

/**
 * Writes a batch's report to S3, the durable record of what happened: {@code {manifest-prefix}/{batchId}.json} for a
 * whole batch; for a batch split across queue messages, an index at that key when it is accepted and one
 * {@code {batchId}/part-NNNNN-of-NNNNN.json} per part. If S3 refuses a manifest, the report is still returned to the
 * caller, without a manifest location, and the failure logged.
 */
@ApplicationScoped
public class ManifestWriter {

    private static final Logger LOG = Logger.getLogger(ManifestWriter.class);

    private final S3AsyncClient s3;
    private final ObjectMapper json;
    private final ManifestKeys keys;
    private final String bucket;

    public ManifestWriter(S3AsyncClient s3, ObjectMapper json, ManifestKeys keys, HaulConfig config) {
        this.s3 = s3;
        this.json = json;
        this.keys = keys;
        this.bucket = config.store().bucket();
    }

    public Uni<BatchReport> write(String batchId, BatchPart part, Instant startedAt, List<RejectedLine> rejectedLines,
            List<ItemResult> items) {
        BatchReport.Location location = new BatchReport.Location(bucket, keys.reportKey(batchId, part));
        BatchReport report = BatchReport.of(batchId, part, startedAt, Instant.now(), location, rejectedLines, items);
        return put(location.key(), report)
                .map(ignored -> report)
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("batch %s: could not write its manifest to s3://%s/%s: %s", batchId, bucket,
                            location.key(), e.getMessage());
                    return BatchReport.of(batchId, part, report.startedAt(), report.finishedAt(), null,
                            rejectedLines, items);
                });
    }

    /** Where the report of a whole batch is (or will be). */
    public BatchReport.Location wholeReport(String batchId) {
        return new BatchReport.Location(bucket, keys.reportKey(batchId, BatchPart.WHOLE));
    }

    /** Records that a batch was accepted as {@code parts} queue messages, so its parts can be found and merged. */
    public Uni<BatchReport.Location> writeIndex(String batchId, int parts, int items) {
        BatchReport.Location location = wholeReport(batchId);
        return put(location.key(), new ManifestIndex(batchId, "queued", parts, items, Instant.now()))
                .map(ignored -> location);
    }

    private Uni<Void> put(String key, Object document) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType("application/json")
                .contentLength((long) body.length)
                .build();
        return Uni.createFrom().completionStage(() -> s3.putObject(request, AsyncRequestBody.fromBytes(body)))
                .replaceWithVoid();
    }
}
