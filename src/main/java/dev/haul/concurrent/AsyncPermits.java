package dev.haul.concurrent;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A counting semaphore that never blocks a thread: {@link #acquire()} is a {@link Uni} that completes when a permit
 * is free, in arrival order. Bounds URLs in flight (per batch and per host) and parts in flight (per object).
 */
public final class AsyncPermits {

    private final Queue<UniEmitter<? super Void>> waiters = new ArrayDeque<>();
    private int available;

    public AsyncPermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
        this.available = permits;
    }

    /**
     * Completes once a permit is held. A subscriber that cancels while still waiting leaves the queue (its emitter's
     * termination callback withdraws it under the same lock that hands out permits).
     */
    public Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (available == 0) {
                    waiters.add(emitter);
                    emitter.onTermination(() -> withdraw(emitter));
                    return;
                }
                available--;
            }
            emitter.complete(null);
        });
    }

    public void release() {
        UniEmitter<? super Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                available++;
                return;
            }
        }
        next.complete(null);
    }

    /** Runs {@code work} while holding a permit, and releases it however the work ends. */
    public <T> Uni<T> withPermit(Supplier<Uni<? extends T>> work) {
        return acquire().flatMap(ignored -> Uni.createFrom().deferred(work).onTermination().invoke(this::release));
    }

    private synchronized void withdraw(UniEmitter<? super Void> emitter) {
        waiters.remove(emitter);
    }
}
