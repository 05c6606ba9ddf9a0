package dev.haul.transfer;

import java.time.Duration;
import java.util.Map;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.haul.fetch.Fetcher;
import dev.haul.fetch.OriginResponse;
import dev.haul.model.FetchItem;
import dev.haul.model.Redaction;
import dev.haul.model.TransferException;
import dev.haul.store.WriteCondition;

/**
 * Downloads one URL across its tries, and says how that ended as a value ({@link Downloaded}). A try that breaks
 * off resumes from the last byte on disk when the origin can serve the rest of the same body; otherwise what was
 * spooled is discarded and the next try starts over. Failures that may pass are retried after a backoff, within the
 * item's {@link ItemBudget}. On failure nothing of the body is left behind.
 */
final class Download {

    private static final Logger LOG = Logger.getLogger(Download.class);

    private final TransferOrder order;
    private final long maxBytes;
    private final Map<String, String> conditionalHeaders;
    private final WriteCondition condition;
    private final ItemBudget budget;
    private final Fetcher fetcher;
    private final SpooledBodies bodies;
    private final RetryPolicy retries;

    // What carries over from one try to the next; one download runs one try at a time.
    private int tries;
    private Integer lastStatus;
    private SpooledBody body;

    Download(TransferOrder order, long maxBytes, Map<String, String> conditionalHeaders, WriteCondition condition,
            ItemBudget budget, Fetcher fetcher, SpooledBodies bodies, RetryPolicy retries) {
        this.order = order;
        this.maxBytes = maxBytes;
        this.conditionalHeaders = conditionalHeaders;
        this.condition = condition;
        this.budget = budget;
        this.fetcher = fetcher;
        this.bodies = bodies;
        this.retries = retries;
    }

    Uni<Downloaded> run() {
        return Uni.createFrom().deferred(this::tryOnce)
                .onFailure(failure -> failure instanceof TransferException known && known.retryNow()).retry()
                .when(failures -> failures.onItem().transformToUniAndConcatenate(this::waitBeforeRetry))
                .ifNoItem().after(budget.forDownload()).failWith(() -> budget.downloadExpired(lastStatus))
                .onFailure().recoverWithUni(this::failed);
    }

    private Uni<Downloaded> tryOnce() {
        tries++;
        if (body != null && body.canResume()) {
            SpooledBody broken = body;
            return fetcher.open(item(), broken.resumeHeaders())
                    .flatMap(response -> broken.resumedBy(response) ? keepSpooling(response) : restart(response));
        }
        return discardBody().flatMap(ignored -> fetcher.open(item(), conditionalHeaders)).flatMap(this::startFresh);
    }

    /** The origin sent the whole body again (it changed, or ignores ranges): start over with it. */
    private Uni<Downloaded> restart(OriginResponse response) {
        LOG.debugf("%s changed or cannot resume; starting over", Redaction.forLog(item().url()));
        return discardBody().flatMap(ignored -> startFresh(response));
    }

    private Uni<Downloaded> startFresh(OriginResponse response) {
        lastStatus = response.status();
        if (response.status() == 304) {
            return Uni.createFrom().item(new Downloaded.Unchanged(tries));
        }
        try {
            body = bodies.open(order, condition, maxBytes, response);
        } catch (RuntimeException refused) {
            // Refused before reading (a declared length over the limit): nobody will read this body.
            response.abandon().run();
            throw refused;
        }
        order.watch().receiving(response.contentLength(), body::bytes);
        return keepSpooling(response);
    }

    private Uni<Downloaded> keepSpooling(OriginResponse response) {
        SpooledBody spooling = body;
        return spooling.spool(response).replaceWith(() -> new Downloaded.Spooled(spooling, tries));
    }

    /** Emits (a non-null item: a Multi drops nulls, which would never trigger the retry) when to try again. */
    private Uni<Integer> waitBeforeRetry(Throwable failure) {
        if (tries >= retries.maxAttempts()) {
            return Uni.createFrom().failure(failure);
        }
        Duration delay = retries.delayAfter(tries, failure);
        if (!budget.allowsRetryAfter(delay)) {
            return Uni.createFrom().failure(failure);
        }
        LOG.debugf("%s: try %d failed (%s); next in %d ms", Redaction.forLog(item().url()), tries,
                failure.getMessage(), delay.toMillis());
        Uni<Integer> again = Uni.createFrom().item(tries);
        // Full jitter may draw no wait at all, which Mutiny's delay refuses.
        return delay.isZero() ? again : again.onItem().delayIt().by(delay);
    }

    private Uni<Downloaded> failed(Throwable error) {
        return discardBody().replaceWith(new Downloaded.Failed(TransferException.of(error), tries, lastStatus));
    }

    private Uni<Void> discardBody() {
        SpooledBody discarded = body;
        body = null;
        return discarded == null ? Uni.createFrom().voidItem() : discarded.discard();
    }

    private FetchItem item() {
        return order.planned().item();
    }
}
