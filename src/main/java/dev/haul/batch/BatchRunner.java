package dev.haul.batch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import dev.haul.concurrent.Permits;
import dev.haul.config.HaulConfig;
import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.model.ItemResult;
import dev.haul.model.PlannedItem;
import dev.haul.report.BatchReport;
import dev.haul.report.ManifestWriter;
import dev.haul.report.MetricsEmitter;
import dev.haul.transfer.ItemTransfer;
import dev.haul.transfer.TransferOrder;

/**
 * Runs every item of a batch concurrently, at most {@code haul.fetch.concurrency} at once and at most
 * {@code haul.fetch.per-host-concurrency} per host, under the invocation's deadline; then writes the manifest of a
 * whole batch (a part's is written by the {@link dev.haul.report.BatchLedger} once its result is final).
 * One item's failure never affects another's: the returned {@link Uni} never fails because of an item.
 */
@ApplicationScoped
class BatchRunner {

    private final ItemTransfer transfer;
    private final ManifestWriter manifests;
    private final MetricsEmitter metrics;
    private final HaulConfig.Fetch config;
    private final Duration progressInterval;

    BatchRunner(ItemTransfer transfer, ManifestWriter manifests, MetricsEmitter metrics, HaulConfig config) {
        this.transfer = transfer;
        this.manifests = manifests;
        this.metrics = metrics;
        this.config = config.fetch();
        this.progressInterval = config.batch().progressInterval();
    }

    /**
     * Runs {@code planned}, the items of {@code batch} with their keys, and reports on every one of them;
     * {@code parent} names the batch a retry repairs.
     */
    Uni<BatchReport> run(BatchRequest batch, List<PlannedItem> planned, Deadline deadline, Delivery delivery,
            String parent) {
        BatchLog log = new BatchLog(batch.batchId(), planned.size());
        Instant startedAt = Instant.now();
        Permits global = new Permits(config.concurrency());
        Map<String, Permits> perHost = new ConcurrentHashMap<>();
        AtomicReferenceArray<ItemResult> results = new AtomicReferenceArray<>(planned.size());
        AtomicInteger done = new AtomicInteger();
        BatchProgress progress = new BatchProgress(planned.size(), System.nanoTime());
        log.started(config.concurrency(), config.perHostConcurrency());
        AtomicReference<Cancellable> ticker = new AtomicReference<>(() -> {});

        return Multi.createFrom().iterable(planned)
                // The progress line ticks from subscription to the end of the batch, however it ends.
                .onSubscription().invoke(() -> {
                    if (!progressInterval.isZero()) {
                        ticker.set(Multi.createFrom().ticks().startingAfter(progressInterval).every(progressInterval)
                                .subscribe()
                                .with(tick -> log.progress(progress.line(System.nanoTime()))));
                    }
                })
                .onItem().transformToUni(item -> perHost
                        .computeIfAbsent(item.item().hostKey(), host -> new Permits(config.perHostConcurrency()))
                        .withPermit(1, () -> global.withPermit(1, () -> transfer.run(new TransferOrder(item,
                                batch.batchId(), batch.options().maxBytes(), batch.options().overwrite(), deadline,
                                delivery, progress.watchFor(item)))))
                        .invoke(result -> {
                            results.set(item.index(), result);
                            progress.finished(item, result);
                            log.itemDone(result, done.incrementAndGet());
                        }))
                // Every item is subscribed at once; the permits above are what bound the work in flight.
                .merge(Math.max(planned.size(), 1))
                .collect().last()
                .onTermination().invoke(() -> ticker.get().cancel())
                .map(ignored -> IntStream.range(0, results.length()).mapToObj(results::get).toList())
                // A part's manifest is the ledger's to write, once its result is final.
                .flatMap(items -> batch.part().isWhole()
                        ? manifests.write(batch.batchId(), parent, startedAt, batch.rejectedLines(), items)
                        : Uni.createFrom().item(manifests.partReport(batch.batchId(), batch.part(), startedAt,
                                batch.rejectedLines(), items)))
                .invoke(report -> {
                    metrics.emit(report);
                    log.batchDone(report);
                });
    }
}
