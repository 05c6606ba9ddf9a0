package dev.haul.transfer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import dev.haul.config.HaulConfig;
import dev.haul.model.TransferException;

/**
 * How often and how long to wait before a URL is tried again; whether a failure is worth another try at all is its
 * kind's to say ({@link dev.haul.model.FailureKind#retryNow}). The wait is exponential with full jitter (a random
 * time between zero and the doubling ceiling), so many URLs failing at once do not come back at once; a
 * {@code Retry-After} from the origin is honoured up to a cap.
 */
@ApplicationScoped
public class RetryPolicy {

    private final HaulConfig.Fetch config;

    public RetryPolicy(HaulConfig config) {
        this.config = config.fetch();
    }

    public int maxAttempts() {
        return Math.max(1, config.maxAttempts());
    }

    /** The wait before try number {@code attempt + 1}, after {@code attempt} tries have failed. */
    public Duration delayAfter(int attempt, Throwable failure) {
        Optional<Duration> asked = failure instanceof TransferException fetch ? fetch.retryAfter() : Optional.empty();
        if (asked.isPresent()) {
            Duration cap = config.retryAfterCap();
            return asked.get().compareTo(cap) > 0 ? cap : asked.get();
        }
        long ceiling = Math.min(config.retryMaxDelay().toMillis(),
                config.retryBaseDelay().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
