package dev.haul.concurrent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A weighted semaphore that never blocks a thread: a {@link Uni} waits for its weight, in arrival order, and nothing
 * can keep a permit by being cancelled. It bounds URLs in flight (per batch and per host, weight 1), parts in flight
 * (per object) and part files on disk (the spool's budget, weighted in bytes).
 *
 * <p>SmallRye Fault Tolerance's bulkheads (in the Quarkus BOM) guard {@code Uni}s too, but they count calls, not
 * weights, and refuse work once their waiting queue is full; the spool's budget needs bytes, and a download that
 * finds the disk full must wait for S3, not fail.
 *
 * <p>A permit is released exactly once: however the guarded work ends (item, failure, cancellation), and also when a
 * waiter is cancelled after it was granted but before it could use the permit. A waiter cancelled while still waiting
 * leaves the queue. Waiters are served strictly in order, so a large request is never overtaken forever by small ones.
 */
public final class Permits {

    private final long capacity;
    private final Queue<Waiter> waiting = new ArrayDeque<>();
    private long inUse;
    private final AtomicInteger drains = new AtomicInteger();

    public Permits(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Runs {@code work} while holding {@code weight} (at most the capacity); the permit is released when it ends. */
    public <T> Uni<T> withPermit(long weight, Supplier<Uni<? extends T>> work) {
        return guarded(weight, permit -> Uni.createFrom().deferred(work), false);
    }

    /**
     * Waits for {@code weight} and hands the permit to {@code take}, which must store it with whoever releases it later
     * (a part file, an upload in flight). If {@code take} fails, or the whole is cancelled before {@code take}'s item
     * arrives, the permit is released here; once that item has arrived, the permit is the taker's.
     */
    public <T> Uni<T> acquire(long weight, Function<Permit, Uni<? extends T>> take) {
        return guarded(weight, take, true);
    }

    /** Weight held right now, by granted permits not yet released. */
    public synchronized long inUse() {
        return inUse;
    }

    /** Waiters queued right now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private <T> Uni<T> guarded(long weight, Function<Permit, Uni<? extends T>> use, boolean handOver) {
        long wanted = Math.max(0, Math.min(weight, capacity));
        return Uni.createFrom().deferred(() -> {
            Waiter waiter = new Waiter(wanted);
            Uni<T> used = Uni.createFrom().<Permit>emitter(waiter::arrive).onItem().transformToUni(use);
            if (handOver) {
                used = used.onItem().invoke(waiter::handOver);
            }
            return used.onTermination().invoke(waiter::settle);
        });
    }

    /**
     * Grants, in order, every waiter at the head of the queue whose weight now fits, and emits to them outside the
     * lock. One thread drains at a time: a release that happens meanwhile (on another thread, or from work that ended
     * at once inside an emission) only asks the draining thread to look again, so a long queue of instant work is
     * served in a loop rather than by ever deeper recursion.
     */
    private void grantWaiting() {
        if (drains.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            List<Waiter> granted = new ArrayList<>();
            synchronized (this) {
                while (!waiting.isEmpty() && inUse + waiting.peek().weight <= capacity) {
                    Waiter next = waiting.poll();
                    inUse += next.weight;
                    next.grant();
                    granted.add(next);
                }
            }
            granted.forEach(Waiter::deliver);
            missed = drains.addAndGet(-missed);
        } while (missed != 0);
    }

    private enum State {
        NEW, WAITING, GRANTED, HANDED_OVER, SETTLED
    }

    /** One acquisition. Its state changes only under the lock of the {@link Permits}. */
    private final class Waiter {
        private final long weight;
        private State state = State.NEW;
        private UniEmitter<? super Permit> emitter;
        private Permit permit;

        Waiter(long weight) {
            this.weight = weight;
        }

        void arrive(UniEmitter<? super Permit> emitter) {
            synchronized (Permits.this) {
                if (state != State.NEW) {
                    return;
                }
                this.emitter = emitter;
                if (waiting.isEmpty() && inUse + weight <= capacity) {
                    inUse += weight;
                    grant();
                } else {
                    state = State.WAITING;
                    waiting.add(this);
                    return;
                }
            }
            deliver();
        }

        /** Under the lock. */
        void grant() {
            state = State.GRANTED;
            permit = new Permit(weight);
        }

        void deliver() {
            emitter.complete(permit);
        }

        void handOver() {
            synchronized (Permits.this) {
                if (state == State.GRANTED) {
                    state = State.HANDED_OVER;
                }
            }
        }

        /** However the guarded Uni ended: leave the queue, or give back a permit nobody else owns. */
        void settle() {
            Permit unowned = null;
            boolean leftQueue = false;
            synchronized (Permits.this) {
                switch (state) {
                    case NEW -> state = State.SETTLED;
                    case WAITING -> {
                        waiting.remove(this);
                        state = State.SETTLED;
                        leftQueue = true;
                    }
                    case GRANTED -> {
                        unowned = permit;
                        state = State.SETTLED;
                    }
                    case HANDED_OVER, SETTLED -> {
                    }
                }
            }
            if (unowned != null) {
                unowned.release();
            } else if (leftQueue) {
                // The head of the queue may have been what held smaller waiters behind it.
                grantWaiting();
            }
        }
    }

    /** A granted weight; {@link #release()} gives it back, once, however often it is called. */
    public final class Permit {
        private final long weight;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(long weight) {
            this.weight = weight;
        }

        public long weight() {
            return weight;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                synchronized (Permits.this) {
                    inUse -= weight;
                }
                grantWaiting();
            }
        }
    }
}
