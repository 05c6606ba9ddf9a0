package dev.haul.spool;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import dev.haul.concurrent.Permits;
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

    private final Permits room;
    private final AtomicLong onDisk = new AtomicLong();
    private final AtomicLong peakOnDisk = new AtomicLong();

    @Inject
    public TmpBudget(HaulConfig config) {
        this(config.spool().budget().asLongValue(), config.store().partSize().asLongValue());
    }

    /** A budget of {@code budget} bytes on disk, which must hold at least one part of {@code partSize} bytes. */
    public TmpBudget(long budget, long partSize) {
        if (budget < partSize) {
            throw new IllegalArgumentException("haul.spool.budget (" + budget + " bytes) must hold at least one part "
                    + "(haul.store.part-size, " + partSize + " bytes)");
        }
        this.room = new Permits(budget);
    }

    /**
     * Waits, in arrival order, until {@code bytes} (at most the whole budget) can be set aside, and hands the
     * {@link Reservation} to {@code take}, which opens the part file and keeps the reservation with it. If
     * {@code take} fails, or the wait is given up, the room returns to the budget at once.
     */
    public <T> Uni<T> reserve(long bytes, Function<Reservation, Uni<? extends T>> take) {
        // Permits clamps the weight to its capacity, the whole budget.
        return room.acquire(bytes, permit -> take.apply(new Reservation(permit)));
    }

    /** Most bytes the spool ever had on disk at once since start (or since {@link #resetPeak()}). */
    public long peakOnDisk() {
        return peakOnDisk.get();
    }

    public long onDisk() {
        return onDisk.get();
    }

    /** Bytes set aside right now for part files, written or not. */
    public long reserved() {
        return room.inUse();
    }

    public void resetPeak() {
        peakOnDisk.set(onDisk.get());
    }

    /** Room for one part file; released exactly once, when the file is deleted. */
    public final class Reservation {
        private final Permits.Permit permit;
        private final AtomicLong written = new AtomicLong();
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(Permits.Permit permit) {
            this.permit = permit;
        }

        public long bytes() {
            return permit.weight();
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
                permit.release();
            }
        }
    }
}
