package dev.haul.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.haul.concurrent.Permits;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.model.ItemResult;
import dev.haul.model.PlannedItem;
import dev.haul.model.Redaction;
import dev.haul.report.BatchReport;
import dev.haul.report.ManifestWriter;
import dev.haul.report.MetricsEmitter;
import dev.haul.transfer.ItemTransfer;
import dev.haul.transfer.TransferOrder;

/**
 * Runs every item of a batch concurrently, at most {@code haul.fetch.concurrency} at once and at most
 * {@code haul.fetch.per-host-concurrency} per host, under the invocation's deadline; then writes the manifest.
 * One item's failure never affects another's.
 */
@ApplicationScoped
public class BatchRunner {

    private static final Logger LOG = Logger.getLogger(BatchRunner.class);

    private final KeyPlanner keys;
    private final ItemTransfer transfer;
    private final ManifestWriter manifests;
    private final MetricsEmitter metrics;
    private final HaulConfig config;

    public BatchRunner(KeyPlanner keys, ItemTransfer transfer, ManifestWriter manifests, MetricsEmitter metrics,
            HaulConfig config) {
        this.metrics = metrics;
        this.keys = keys;
        this.transfer = transfer;
        this.manifests = manifests;
        this.config = config;
    }

    /**
     * Plans the keys (refusing the batch with {@link InvalidBatchException} before any fetch if two collide), then
     * fetches. The returned {@link Uni} never fails because of an item.
     */
    public Uni<BatchReport> run(BatchRequest batch, Deadline deadline) {
        return run(batch, deadline, false);
    }

    /**
     * As {@link #run(BatchRequest, Deadline)}; {@code redelivery} says the same batch may have run before (a queue
     * message received again), so objects it already stored are reported instead of fetched again.
     */
    public Uni<BatchReport> run(BatchRequest batch, Deadline deadline, boolean redelivery) {
        return run(batch, keys.plan(batch), deadline, redelivery);
    }

    /**
     * As {@link #run(BatchRequest, Deadline)}, for a caller that has already planned the keys (to refuse a batch
     * before deciding how to run it): {@code planned} must be {@link KeyPlanner#plan} of this batch.
     */
    public Uni<BatchReport> run(BatchRequest batch, List<PlannedItem> planned, Deadline deadline) {
        return run(batch, planned, deadline, false);
    }

    private Uni<BatchReport> run(BatchRequest batch, List<PlannedItem> planned, Deadline deadline,
            boolean redelivery) {
        // The handler's thread knows the invocation; item outcomes are logged from whichever thread finishes them.
        String requestId = MDC.get(REQUEST_ID) instanceof String id ? id : null;
        Instant startedAt = Instant.now();
        Permits global = new Permits(config.fetch().concurrency());
        Map<String, Permits> perHost = new ConcurrentHashMap<>();
        AtomicReferenceArray<ItemResult> results = new AtomicReferenceArray<>(planned.size());
        AtomicInteger done = new AtomicInteger();
        LOG.infof("batch %s: %d URLs, up to %d at once (%d per host)", batch.batchId(), planned.size(),
                config.fetch().concurrency(), config.fetch().perHostConcurrency());

        return Multi.createFrom().iterable(planned)
                .onItem().transformToUni(item -> perHost
                        .computeIfAbsent(item.item().hostKey(), host -> new Permits(config.fetch()
                                .perHostConcurrency()))
                        .withPermit(1, () -> global.withPermit(1, () -> transfer.run(new TransferOrder(item,
                                batch.batchId(), batch.options().maxBytes(), deadline,
                                redelivery ? Delivery.REDELIVERED : Delivery.FIRST))))
                        .invoke(result -> {
                            results.set(item.index(), result);
                            logOutcome(batch.batchId(), requestId, result, done.incrementAndGet(), planned.size());
                        }))
                // Every item is subscribed at once; the permits above are what bound the work in flight.
                .merge(Math.max(planned.size(), 1))
                .collect().last()
                .map(ignored -> IntStream.range(0, results.length()).mapToObj(results::get).toList())
                .flatMap(items -> manifests.write(batch.batchId(), batch.part(), startedAt, items))
                .invoke(report -> {
                    metrics.emit(report);
                    logBatch(report, requestId);
                });
    }

    /** MDC key of the Lambda request id, set by the handler for the invocation. */
    public static final String REQUEST_ID = "requestId";
    /** MDC key of the batch id on every line about a batch or one of its items. */
    public static final String BATCH_ID = "batchId";

    private static void logBatch(BatchReport report, String requestId) {
        withContext(report.batchId(), requestId, () -> LOG.infof(
                "batch %s done: %d URLs, %d stored, %d unchanged, %d failed, %d blocked; manifest %s",
                report.batchId(), report.counts().total(), report.counts().stored(), report.counts().unchanged(),
                report.counts().failed(), report.counts().blocked(),
                report.manifest() == null
                        ? "not written"
                        : "s3://" + report.manifest().bucket() + "/" + report.manifest().key()));
    }

    /** Runs one log call with the batch and request ids in the MDC, so JSON log lines carry them as fields. */
    private static void withContext(String batchId, String requestId, Runnable log) {
        Object previousBatch = MDC.get(BATCH_ID);
        MDC.put(BATCH_ID, batchId);
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        try {
            log.run();
        } finally {
            if (previousBatch == null) {
                MDC.remove(BATCH_ID);
            } else {
                MDC.put(BATCH_ID, previousBatch);
            }
        }
    }

    private static void logOutcome(String batchId, String requestId, ItemResult result, int done, int total) {
        withContext(batchId, requestId, () -> logOutcome(batchId, result, done, total));
    }

    private static void logOutcome(String batchId, ItemResult result, int done, int total) {
        String url = Redaction.forLog(java.net.URI.create(result.url()));
        switch (result.status()) {
            case STORED -> LOG.infof("[%d/%d] stored %s -> s3://%s/%s (%d bytes, %d ms) batch=%s", done, total, url,
                    result.bucket(), result.key(), result.bytes(), result.durationMs(), batchId);
            case UNCHANGED -> LOG.infof("[%d/%d] unchanged %s (s3://%s/%s kept) batch=%s", done, total, url,
                    result.bucket(), result.key(), batchId);
            case FAILED, BLOCKED -> LOG.warnf("[%d/%d] %s %s: %s: %s batch=%s", done, total, result.status().json(),
                    url, result.failure().kind().json(), result.failure().message(), batchId);
        }
    }
}
