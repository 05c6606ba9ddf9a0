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
import dev.haul.store.ExistingObjects;

/**
 * Carries one URL from its origin to S3 and says what became of it. Read top to bottom: the checks before anything is
 * fetched (time left, an object this batch already stored, validators for a conditional refetch), then the
 * {@link Download} across its tries, then completing the object in S3. Always ends with an {@link ItemResult}, never
 * a failure; a failed URL leaves no part file, no multipart upload and no object behind.
 */
@ApplicationScoped
public class ItemTransfer {

    private final Fetcher fetcher;
    private final SpooledBodies bodies;
    private final ExistingObjects existing;
    private final RetryPolicy retries;
    private final HaulConfig config;

    ItemTransfer(Fetcher fetcher, SpooledBodies bodies, ExistingObjects existing, RetryPolicy retries,
            HaulConfig config) {
        this.fetcher = fetcher;
        this.bodies = bodies;
        this.existing = existing;
        this.retries = retries;
        this.config = config;
    }

    public Uni<ItemResult> run(TransferOrder order) {
        ItemResults results = new ItemResults(order.planned(), config.store().bucket());
        ItemBudget budget = ItemBudget.start(order.deadline(), config.fetch().totalTimeout());
        if (budget.exhausted()) {
            return Uni.createFrom().item(results.failed(budget.notStarted(), 0, null));
        }
        return existingObject(order).flatMap(found -> {
            if (order.redelivered() && found.isPresent() && existing.writtenBy(found.get(), order.batchId())) {
                return Uni.createFrom().item(results.alreadyStored(found.get()));
            }
            Optional<HeadObjectResponse> previous = config.fetch().conditional() ? found : Optional.empty();
            Map<String, String> validators = previous.map(existing::revalidationHeaders).orElse(Map.of());
            return new Download(order, maxBytes(order), validators, budget, fetcher, bodies, retries).run()
                    .flatMap(downloaded -> complete(downloaded, previous, budget, results));
        });
    }

    /** The object already at the item's key, looked up only when a redelivery or a conditional refetch needs it. */
    private Uni<Optional<HeadObjectResponse>> existingObject(TransferOrder order) {
        if (!order.redelivered() && !config.fetch().conditional()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return existing.head(order.planned().key()).onFailure().recoverWithItem(Optional.empty());
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
