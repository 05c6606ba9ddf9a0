package dev.haul.spool;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import dev.haul.config.HaulConfig;

/**
 * The share of the local disk ({@code /tmp} on Lambda) the spool may use, across every transfer of the process.
 *
 * <p>A part file is only opened with a {@link Reservation} for its size; when the budget is spent, opening waits until
 * S3 has taken earlier parts and their files are deleted. That wait is backpressure, not failure: a transfer simply
 * reads from its origin more slowly, which is what lets a 1 GiB object pass through a 256 MiB budget. The budget also
 * measures what really lies on disk ({@link #peakOnDisk()}), so the bound can be checked rather than assumed.
 */
@ApplicationScoped
public class TmpBudget {

    private final long budget;
    private final Queue<Waiter> waiters = new ArrayDeque<>();
    private long reserved;
    private final AtomicLong onDisk = new AtomicLong();
    private final AtomicLong peakOnDisk = new AtomicLong();

    private record Waiter(long bytes, UniEmitter<? super Reservation> emitter) {}

    @Inject
    public TmpBudget(HaulConfig config) {
        this(config.spool().budget().asLongValue(), config.store().partSize().asLongValue());
    }

    /** A budget of {@code budget} bytes on disk, which must hold at least one part of {@code partSize} bytes. */
    public TmpBudget(long budget, long partSize) {
        this.budget = budget;
        if (budget < partSize) {
            throw new IllegalArgumentException("haul.spool.budget (" + budget + " bytes) must hold at least one part "
                    + "(haul.store.part-size, " + partSize + " bytes)");
        }
    }

    /** Completes, in arrival order, once {@code bytes} (at most the whole budget) can be set aside. */
    public Uni<Reservation> reserve(long bytes) {
        long wanted = Math.max(0, Math.min(bytes, budget));
        return Uni.createFrom().emitter(emitter -> {
            synchronized (this) {
                if (!waiters.isEmpty() || reserved + wanted > budget) {
                    Waiter waiter = new Waiter(wanted, emitter);
                    waiters.add(waiter);
                    emitter.onTermination(() -> withdraw(waiter));
                    return;
                }
                reserved += wanted;
            }
            emitter.complete(new Reservation(wanted));
        });
    }

    /** Most bytes the spool ever had on disk at once since start (or since {@link #resetPeak()}). */
    public long peakOnDisk() {
        return peakOnDisk.get();
    }

    public long onDisk() {
        return onDisk.get();
    }

    public void resetPeak() {
        peakOnDisk.set(onDisk.get());
    }

    private void give(long bytes) {
        java.util.List<Waiter> granted = new java.util.ArrayList<>();
        synchronized (this) {
            reserved -= bytes;
            while (!waiters.isEmpty() && reserved + waiters.peek().bytes() <= budget) {
                Waiter next = waiters.poll();
                reserved += next.bytes();
                granted.add(next);
            }
        }
        granted.forEach(waiter -> waiter.emitter().complete(new Reservation(waiter.bytes())));
    }

    private synchronized void withdraw(Waiter waiter) {
        waiters.remove(waiter);
    }

    /** Room for one part file; released exactly once, when the file is deleted. */
    public final class Reservation {
        private final long bytes;
        private final AtomicLong written = new AtomicLong();
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        /** Records bytes written to this part's file. */
        public void wrote(long n) {
            written.addAndGet(n);
            peakOnDisk.accumulateAndGet(onDisk.addAndGet(n), Math::max);
        }

        /** The file is gone: its bytes leave the disk and its room returns to the budget. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                onDisk.addAndGet(-written.get());
                give(bytes);
            }
        }
    }
}
