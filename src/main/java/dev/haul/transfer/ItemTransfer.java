package dev.haul.transfer;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.Fetcher;
import dev.haul.model.ItemResult;
import dev.haul.model.TransferException;
import dev.haul.store.ConditionalWrite;
import dev.haul.store.ExistingObjects;
import dev.haul.store.StaleUploads;
import dev.haul.store.WriteCondition;

/**
 * Carries one URL from its origin to S3 and says what became of it. Read top to bottom: the checks before anything is
 * fetched (time left; for a redelivery or a conditional refetch, what the key holds: this batch's own earlier work,
 * another source's object that must not be replaced, validators; and so the condition the write must meet; and for a
 * redelivery, the multipart uploads a worker that died on the key left open, which are aborted), then the
 * {@link Download} across its tries, then completing the object in S3. Always ends with an {@link ItemResult}, never
 * a failure; a failed URL leaves no part file, no multipart upload and no object behind.
 */
@ApplicationScoped
public class ItemTransfer {

    private final Fetcher fetcher;
    private final SpooledBodies bodies;
    private final ExistingObjects existing;
    private final StaleUploads staleUploads;
    private final RetryPolicy retries;
    private final HaulConfig config;

    ItemTransfer(Fetcher fetcher, SpooledBodies bodies, ExistingObjects existing, StaleUploads staleUploads,
            RetryPolicy retries, HaulConfig config) {
        this.fetcher = fetcher;
        this.bodies = bodies;
        this.existing = existing;
        this.staleUploads = staleUploads;
        this.retries = retries;
        this.config = config;
    }

    public Uni<ItemResult> run(TransferOrder order) {
        ItemResults results = new ItemResults(order.planned(), config.store().bucket());
        ItemBudget budget = ItemBudget.start(order.deadline(), config.fetch().totalTimeout());
        if (budget.exhausted()) {
            return Uni.createFrom().item(results.failed(budget.notStarted(), 0, null));
        }
        WriteCondition unseen = order.overwrite() ? WriteCondition.ANY : WriteCondition.ABSENT;
        if (!order.redelivered() && !config.fetch().conditional()) {
            // Nothing to look up first: the write itself is conditional on the key being free, and only if it is not
            // does the store look at what is there (ConditionalWrite).
            return download(order, Map.of(), unseen, Optional.empty(), budget, results);
        }
        // A failed look counts as "nothing there": the write stays conditional, so it can still replace nothing.
        Uni<Optional<HeadObjectResponse>> looked = existing.head(order.planned().key()).onFailure()
                .recoverWithItem(Optional.empty()).call(found -> abortLeftOpen(order, found));
        return looked.flatMap(found -> {
            if (found.isEmpty()) {
                return download(order, Map.of(), unseen, Optional.empty(), budget, results);
            }
            HeadObjectResponse head = found.get();
            if (order.redelivered() && existing.writtenBy(head, order.batchId())) {
                return Uni.createFrom().item(results.alreadyStored(head));
            }
            boolean sameSource = existing.sameSource(head, order.planned().item().url());
            if (!sameSource && !order.overwrite()) {
                // Known before anything is fetched: no byte of the body is downloaded for nothing.
                return Uni.createFrom().item(results.failed(ConditionalWrite.anotherSource(), 0, null));
            }
            Optional<HeadObjectResponse> previous = config.fetch().conditional() && sameSource
                    ? found
                    : Optional.empty();
            Map<String, String> validators = previous.map(existing::revalidationHeaders).orElse(Map.of());
            WriteCondition condition = order.overwrite() ? WriteCondition.ANY : new WriteCondition.Holds(head.eTag());
            return download(order, validators, condition, previous, budget, results);
        });
    }

    /**
     * A redelivery first aborts the uploads of its key that a worker which died on it left open, unless this batch
     * already stored the key (nothing of it is written again). A first delivery has none to abort and asks nothing.
     */
    private Uni<Integer> abortLeftOpen(TransferOrder order, Optional<HeadObjectResponse> found) {
        boolean alreadyStored = found.filter(head -> existing.writtenBy(head, order.batchId())).isPresent();
        if (!order.redelivered() || alreadyStored) {
            return Uni.createFrom().item(0);
        }
        return staleUploads.abortLeftBefore(order.planned().key(), order.deadline().began());
    }

    private Uni<ItemResult> download(TransferOrder order, Map<String, String> validators, WriteCondition condition,
            Optional<HeadObjectResponse> previous, ItemBudget budget, ItemResults results) {
        return new Download(order, maxBytes(order), validators, condition, budget, fetcher, bodies, retries).run()
                .flatMap(downloaded -> complete(downloaded, previous, budget, results));
    }

    private Uni<ItemResult> complete(Downloaded downloaded, Optional<HeadObjectResponse> previous,
            ItemBudget budget, ItemResults results) {
        if (downloaded instanceof Downloaded.Unchanged unchanged) {
            return Uni.createFrom().item(results.unchanged(previous.orElseThrow(), unchanged.attempts()));
        }
        if (downloaded instanceof Downloaded.Failed failed) {
            return Uni.createFrom().item(results.failed(failed.failure(), failed.attempts(), failed.lastStatus()));
        }
        Downloaded.Spooled spooled = (Downloaded.Spooled) downloaded;
        return spooled.body().store(budget)
                .map(stored -> results.stored(stored, spooled.body(), spooled.attempts()))
                .onFailure().recoverWithUni(error -> spooled.body().discard().replaceWith(results.failed(
                        TransferException.of(error), spooled.attempts(), spooled.body().httpStatus())));
    }

    /** The configured largest body, or the batch's own limit when that is lower. */
    private long maxBytes(TransferOrder order) {
        long configured = config.fetch().maxObjectSize().asLongValue();
        return order.batchMaxBytes().isPresent() ? Math.min(configured, order.batchMaxBytes().getAsLong()) : configured;
    }
}
