package dev.haul.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.haul.config.HaulConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes a batch's report to S3 as {@code {manifest-prefix}/{batchId}.json}, the durable record of what happened.
 * If S3 refuses it, the report is still returned to the caller, without a manifest location, and the failure logged.
 */
@ApplicationScoped
public class ManifestWriter {

    private static final Logger LOG = Logger.getLogger(ManifestWriter.class);

    private final S3AsyncClient s3;
    private final ObjectMapper json;
    private final HaulConfig.Store config;

    public ManifestWriter(S3AsyncClient s3, ObjectMapper json, HaulConfig config) {
        this.s3 = s3;
        this.json = json;
        this.config = config.store();
    }

    public String keyFor(String batchId) {
        String prefix = config.manifestPrefix().replaceAll("/+$", "");
        return prefix.isEmpty() ? batchId + ".json" : prefix + "/" + batchId + ".json";
    }

    public Uni<BatchReport> write(String batchId, Instant startedAt, List<ItemResult> items) {
        BatchReport.Location location = new BatchReport.Location(config.bucket(), keyFor(batchId));
        BatchReport report = BatchReport.of(batchId, startedAt, Instant.now(), location, items);
        byte[] body;
        try {
            body = json.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch report is always serialisable", e);
        }
        PutObjectRequest request = PutObjectRequest.builder()
                .bucket(location.bucket())
                .key(location.key())
                .contentType("application/json")
                .contentLength((long) body.length)
                .build();
        return Uni.createFrom().completionStage(() -> s3.putObject(request, AsyncRequestBody.fromBytes(body)))
                .map(ignored -> report)
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("batch %s: could not write its manifest to s3://%s/%s: %s", batchId, location.bucket(),
                            location.key(), e.getMessage());
                    return BatchReport.of(batchId, report.startedAt(), report.finishedAt(), null, items);
                });
    }
}
