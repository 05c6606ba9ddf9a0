package dev.haul.report;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;
import dev.haul.model.ItemResult;
import dev.haul.model.ItemStatus;
import dev.haul.model.RejectedLine;

/**
 * Writes the report of a batch run in place to S3, the durable record of what happened, at
 * {@code {manifest-prefix}/{batchId}.json}, with its failed items in a retry list beside it; and makes the reports of queued parts, which the {@link BatchLedger}
 * writes. If S3 refuses a manifest, the report is still returned to the caller, without a manifest location, and the
 * failure logged.
 */
@ApplicationScoped
public class ManifestWriter {

    private static final Logger LOG = Logger.getLogger(ManifestWriter.class);

    private final Documents documents;
    private final ManifestKeys keys;
    private final ObjectMapper json;
    private final RetryLines retryLines;

    public ManifestWriter(Documents documents, ManifestKeys keys, ObjectMapper json, HaulConfig config) {
        this.documents = documents;
        this.keys = keys;
        this.json = json;
        this.retryLines = new RetryLines(json, config);
    }

    /** Writes the report of a whole batch; {@code parent} is set for a retry. */
    public Uni<BatchReport> write(String batchId, String parent, Instant startedAt, List<RejectedLine> rejectedLines,
            List<ItemResult> items) {
        BatchReport.Location location = wholeReport(batchId);
        BatchReport report = BatchReport.of(batchId, BatchPart.WHOLE, startedAt, Instant.now(), location,
                rejectedLines, items).withParent(parent);
        // The retry list first: a manifest that counts failed items always has its retry list beside it.
        return retryList(batchId, items)
                .flatMap(ignored -> documents.putJson(location.key(), report))
                .map(ignored -> report)
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("batch %s: could not write its manifest to s3://%s/%s: %s", batchId,
                            location.bucket(), location.key(), e.getMessage());
                    return BatchReport.of(batchId, BatchPart.WHOLE, report.startedAt(), report.finishedAt(), null,
                            rejectedLines, items).withParent(parent);
                });
    }

    private Uni<Void> retryList(String batchId, List<ItemResult> items) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (ItemResult item : items) {
            if (item.status() == ItemStatus.FAILED) {
                lines.writeBytes(retryLines.line(json.valueToTree(item)));
            }
        }
        return lines.size() == 0
                ? Uni.createFrom().voidItem()
                : documents.putBytes(keys.retryKey(batchId), lines.toByteArray(), "application/x-ndjson");
    }

    /** The report of one part of a queued batch, with where its manifest goes. */
    public BatchReport partReport(String batchId, BatchPart part, Instant startedAt, List<RejectedLine> rejectedLines,
            List<ItemResult> items) {
        return BatchReport.of(batchId, part, startedAt, Instant.now(),
                new BatchReport.Location(documents.bucket(), keys.reportKey(batchId, part)), rejectedLines, items);
    }

    /** Where the manifest of a whole batch, or the merged manifest of a queued one, is (or will be). */
    public BatchReport.Location wholeReport(String batchId) {
        return new BatchReport.Location(documents.bucket(), keys.manifestKey(batchId));
    }
}
