package dev.haul.batch;

import java.net.URI;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import dev.haul.model.ItemResult;
import dev.haul.model.LogFields;
import dev.haul.model.Redaction;
import dev.haul.report.BatchReport;

/**
 * The log lines of a batch: one per item outcome and one for the batch, each carrying the batch id and the Lambda
 * request id as MDC fields (JSON log lines show them as fields). Item outcomes are logged from whichever thread
 * finishes them, so the request id is captured on the handler's thread when the batch starts.
 */
final class BatchLog {

    private static final Logger LOG = Logger.getLogger(BatchRunner.class);

    private final String batchId;
    private final String requestId;
    private final int total;

    BatchLog(String batchId, int total) {
        this.batchId = batchId;
        this.total = total;
        this.requestId = MDC.get(LogFields.REQUEST_ID) instanceof String id ? id : null;
    }

    void started(int concurrency, int perHost) {
        LOG.infof("batch %s: %d URLs, up to %d at once (%d per host)", batchId, total, concurrency, perHost);
    }

    void itemDone(ItemResult result, int done) {
        withContext(() -> {
            String url = Redaction.forLog(URI.create(result.url()));
            switch (result.status()) {
                case STORED -> LOG.infof("[%d/%d] stored %s -> s3://%s/%s (%d bytes, %d ms) batch=%s", done, total,
                        url, result.bucket(), result.key(), result.bytes(), result.durationMs(), batchId);
                case UNCHANGED -> LOG.infof("[%d/%d] unchanged %s (s3://%s/%s kept) batch=%s", done, total, url,
                        result.bucket(), result.key(), batchId);
                case FAILED, BLOCKED -> LOG.warnf("[%d/%d] %s %s: %s: %s batch=%s", done, total,
                        result.status().json(), url, result.failure().kind().json(), result.failure().message(),
                        batchId);
            }
        });
    }

    /** A line of {@link BatchProgress}, while the batch runs. */
    void progress(String line) {
        withContext(() -> LOG.infof("%s batch=%s", line, batchId));
    }

    void batchDone(BatchReport report) {
        BatchReport.Counts counts = report.counts();
        int rejected = report.rejectedLines() == null ? 0 : report.rejectedLines().size();
        withContext(() -> LOG.infof(
                "batch %s done: %d URLs, %d stored, %d unchanged, %d failed, %d blocked%s; manifest %s",
                report.batchId(), counts.total(), counts.stored(), counts.unchanged(), counts.failed(),
                counts.blocked(), rejected == 0 ? "" : ", " + rejected + " lines of its list not items",
                report.manifest() == null
                        ? "not written"
                        : "s3://" + report.manifest().bucket() + "/" + report.manifest().key()));
    }

    /** Runs one log call with the batch and request ids in the MDC. */
    private void withContext(Runnable log) {
        Object previousBatch = MDC.get(LogFields.BATCH_ID);
        MDC.put(LogFields.BATCH_ID, batchId);
        if (requestId != null) {
            MDC.put(LogFields.REQUEST_ID, requestId);
        }
        try {
            log.run();
        } finally {
            if (previousBatch == null) {
                MDC.remove(LogFields.BATCH_ID);
            } else {
                MDC.put(LogFields.BATCH_ID, previousBatch);
            }
        }
    }
}
