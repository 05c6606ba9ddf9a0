package dev.haul.batch;

import dev.haul.concurrent.AsyncPermits;
import dev.haul.config.HaulConfig;
import dev.haul.fetch.Redaction;
import dev.haul.report.BatchReport;
import dev.haul.report.ItemResult;
import dev.haul.report.ItemStatus;
import dev.haul.report.ManifestWriter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

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
    private final HaulConfig config;

    public BatchRunner(KeyPlanner keys, ItemTransfer transfer, ManifestWriter manifests, HaulConfig config) {
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
        List<PlannedItem> planned = keys.plan(batch);
        Instant startedAt = Instant.now();
        AsyncPermits global = new AsyncPermits(config.fetch().concurrency());
        Map<String, AsyncPermits> perHost = new ConcurrentHashMap<>();
        AtomicReferenceArray<ItemResult> results = new AtomicReferenceArray<>(planned.size());
        AtomicInteger done = new AtomicInteger();
        LOG.infof("batch %s: %d URLs, up to %d at once (%d per host)", batch.batchId(), planned.size(),
                config.fetch().concurrency(), config.fetch().perHostConcurrency());

        return Multi.createFrom().iterable(planned)
                .onItem().transformToUni(item -> perHost
                        .computeIfAbsent(item.item().hostKey(), host -> new AsyncPermits(config.fetch().perHostConcurrency()))
                        .withPermit(() -> global.withPermit(() -> transfer.run(item, batch.batchId(),
                                batch.options().maxBytes(), deadline, redelivery)))
                        .invoke(result -> {
                            results.set(item.index(), result);
                            logOutcome(batch.batchId(), result, done.incrementAndGet(), planned.size());
                        }))
                // Every item is subscribed at once; the permits above are what bound the work in flight.
                .merge(Math.max(planned.size(), 1))
                .collect().last()
                .map(ignored -> IntStream.range(0, results.length()).mapToObj(results::get).toList())
                .flatMap(items -> manifests.write(batch.batchId(), batch.part(), startedAt, items));
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
