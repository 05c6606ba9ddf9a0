package dev.haul.batch;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.haul.model.Deadline;
import dev.haul.model.Delivery;
import dev.haul.model.ItemResult;
import dev.haul.model.PlannedItem;
import dev.haul.report.BatchLedger;
import dev.haul.report.BatchReport;

/**
 * The one way every trigger runs a batch: read the document in whichever form it came (items, a single URL, a list in
 * S3), validate it and plan its keys, then run it here or put it on the queue. A batch that cannot run as given is
 * {@link BatchOutcome.Refused} before anything is fetched; the returned {@link Uni} fails only when the batch could
 * not be handled at all (S3 or SQS unreachable).
 *
 * <p>A part of a queued batch (a message of Haul's own) is recorded in the {@link BatchLedger} as it runs; its result
 * is final once no item could pass on a later delivery, or on the queue's last delivery.
 */
@ApplicationScoped
public class BatchService {

    private static final Logger LOG = Logger.getLogger(BatchService.class);

    private final BatchSource source;
    private final KeyPlanner keys;
    private final Placement placement;
    private final BatchRunner runner;
    private final BatchQueue queue;
    private final ListSplitter splitter;
    private final BatchLedger ledger;

    BatchService(BatchSource source, KeyPlanner keys, Placement placement, BatchRunner runner, BatchQueue queue,
            ListSplitter splitter, BatchLedger ledger) {
        this.source = source;
        this.keys = keys;
        this.placement = placement;
        this.runner = runner;
        this.queue = queue;
        this.splitter = splitter;
        this.ledger = ledger;
    }

    public Uni<BatchOutcome> submit(Submission submission, Deadline deadline) {
        // Deferred, so that a refusal thrown while the document is read is a Refused outcome like any other.
        return Uni.createFrom().deferred(() -> {
            submission.checkOrigin();
            return source.read(submission.document(), submission.defaultBatchId());
        })
                .flatMap(read -> read instanceof BatchSource.Read.Split split
                        ? split(split.list(), submission)
                        : admit(((BatchSource.Read.Batch) read).batch(), submission, deadline))
                .onFailure(InvalidBatchException.class)
                .recoverWithItem(refused -> new BatchOutcome.Refused((InvalidBatchException) refused));
    }

    private Uni<BatchOutcome> admit(BatchRequest batch, Submission submission, Deadline deadline) {
        // Planned first: colliding keys refuse the batch before it is queued or run.
        List<PlannedItem> planned = keys.plan(batch);
        if (!batch.part().isWhole()) {
            return runPart(batch, planned, deadline, submission.delivery());
        }
        return placement.fit(batch, submission.limit(), deadline).flatMap(fit -> {
            // A batch of unknown size goes on the queue, where it has a worker's whole timeout; without a queue it
            // runs here rather than being refused for what an origin did not say, as does any batch of a trigger
            // whose invoker waits for it anyway (all but the API).
            boolean runHere = fit == Placement.Fit.FITS || !queue.configured()
                    && (fit == Placement.Fit.UNKNOWN || !submission.limit().queueOrRefuse());
            return runHere
                    ? ledger.isQueued(batch.batchId()).flatMap(queued -> queued
                            ? Uni.createFrom().item(new BatchOutcome.Refused(new BatchIdTakenException(batch
                                    .batchId())))
                            : runner.run(batch, planned, deadline, submission.delivery(), submission.parent())
                                    .map(BatchOutcome.Ran::new))
                    : enqueue(batch, submission.parent());
        });
    }

    /**
     * A list too long to load goes over the queue, in parts: split here, or, where the caller waits for the answer
     * (the API, whose timeout is short), by a worker the list is handed to.
     */
    private Uni<BatchOutcome> split(LongList list, Submission submission) {
        if (!queue.configured()) {
            return Uni.createFrom().item(new BatchOutcome.Refused(new BatchTooLargeException("manifestUrl",
                    list.manifestUrl() + " has more items than one batch holds; a list that long is split over "
                            + "the queue, and haul.queue.url is not set")));
        }
        Uni<BatchOutcome.Queued> queued = submission.limit().queueOrRefuse()
                ? queue.forward(list, submission.parent())
                : splitter.split(list, submission.parent());
        return queued.map(outcome -> {
            LOG.infof("batch %s: the list %s is queued as %d messages", list.batchId(), list.manifestUrl(),
                    outcome.messages());
            return outcome;
        });
    }

    private Uni<BatchOutcome> runPart(BatchRequest part, List<PlannedItem> planned, Deadline deadline,
            Delivery delivery) {
        Uni<Boolean> finishedBefore = delivery.isRedelivery()
                ? ledger.hasFinished(part.batchId(), part.part())
                : Uni.createFrom().item(false);
        return finishedBefore.flatMap(finished -> {
            if (finished) {
                return ledger.finishedEarlier(part.batchId(), part.part())
                        .replaceWith(new BatchOutcome.FinishedBefore(part.batchId(), part.part()));
            }
            return ledger.started(part.batchId(), part.part())
                    .flatMap(ignored -> runner.run(part, planned, deadline, delivery, null))
                    .flatMap(report -> isFinal(report, delivery)
                            ? ledger.finished(report).replaceWith(report)
                            : Uni.createFrom().item(report))
                    .map(BatchOutcome.Ran::new);
        });
    }

    /** A part's result is final when a later delivery could not change it, or when there is no later delivery. */
    private static boolean isFinal(BatchReport report, Delivery delivery) {
        return delivery == Delivery.LAST || report.items().stream().noneMatch(ItemResult::deliverAgainLater);
    }

    private Uni<BatchOutcome> enqueue(BatchRequest batch, String parent) {
        if (!queue.configured()) {
            return Uni.createFrom().item(new BatchOutcome.NeedsQueue(batch.batchId(), batch.items().size()));
        }
        return queue.enqueue(batch, parent).map(queued -> {
            LOG.infof("batch %s: %d URLs queued as %d messages", batch.batchId(), queued.items(), queued.messages());
            return (BatchOutcome) queued;
        });
    }
}
