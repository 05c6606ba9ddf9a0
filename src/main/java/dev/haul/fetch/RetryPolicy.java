package dev.haul.fetch;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.haul.config.HaulConfig;

/**
 * Which fetch failures are worth another try, and how long to wait first. Decided here and nowhere else.
 *
 * <p>Retried: connection failures and resets, timeouts, and the statuses that mean "later" (408, 429, 500, 502, 503,
 * 504). Not retried: other statuses (a 404 stays a 404), refused URLs, bodies over the limit, redirect trouble. The
 * wait is exponential with full jitter (a random time between zero and the doubling ceiling), so many URLs failing
 * at once do not come back at once; a {@code Retry-After} from the origin is honoured up to a cap.
 */
@ApplicationScoped
public class RetryPolicy {

    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private final HaulConfig.Fetch config;

    public RetryPolicy(HaulConfig config) {
        this.config = config.fetch();
    }

    public int maxAttempts() {
        return Math.max(1, config.maxAttempts());
    }

    public boolean isRetryable(Throwable failure) {
        if (!(failure instanceof FetchException fetch) || failure instanceof dev.haul.store.StoreException) {
            return false;
        }
        return switch (fetch.kind()) {
            case CONNECT, CONNECTION_LOST, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT -> true;
            case HTTP_STATUS -> fetch.httpStatus() != null && RETRYABLE_STATUSES.contains(fetch.httpStatus());
            default -> false;
        };
    }

    /** The wait before try number {@code attempt + 1}, after {@code attempt} tries have failed. */
    public Duration delayAfter(int attempt, Throwable failure) {
        Optional<Duration> asked = failure instanceof FetchException fetch ? fetch.retryAfter() : Optional.empty();
        if (asked.isPresent()) {
            Duration cap = config.retryAfterCap();
            return asked.get().compareTo(cap) > 0 ? cap : asked.get();
        }
        long ceiling = Math.min(config.retryMaxDelay().toMillis(),
                config.retryBaseDelay().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
