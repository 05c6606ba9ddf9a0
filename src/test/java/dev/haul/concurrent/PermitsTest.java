package dev.haul.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

class PermitsTest {

    /** Work that runs until the test finishes it, and says whether it started. */
    private static final class Work {
        final CompletableFuture<String> done = new CompletableFuture<>();
        final AtomicInteger starts = new AtomicInteger();

        Uni<String> start() {
            starts.incrementAndGet();
            return Uni.createFrom().completionStage(done);
        }

        boolean started() {
            return starts.get() > 0;
        }
    }

    private static UniAssertSubscriber<String> run(Permits permits, long weight, Work work) {
        return permits.withPermit(weight, work::start).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    /** Takes a permit and keeps it, as a part file keeps its room on disk. */
    private static Permits.Permit hold(Permits permits, long weight) {
        AtomicReference<Permits.Permit> held = new AtomicReference<>();
        permits.acquire(weight, permit -> {
            held.set(permit);
            return Uni.createFrom().voidItem();
        }).await().indefinitely();
        return held.get();
    }

    @Test
    void grantsUpToCapacity_thenQueuesInArrivalOrder_andReleasesWhenWorkEnds() {
        Permits permits = new Permits(2);
        Work first = new Work();
        Work second = new Work();
        Work third = new Work();

        UniAssertSubscriber<String> firstRun = run(permits, 1, first);
        run(permits, 1, second);
        run(permits, 1, third);

        assertThat(first.started()).isTrue();
        assertThat(second.started()).isTrue();
        assertThat(third.started()).as("third waits for a permit").isFalse();
        assertThat(permits.waiting()).isEqualTo(1);

        first.done.complete("a");

        firstRun.assertItem("a");
        assertThat(third.started()).as("third runs once the first ends").isTrue();
        assertThat(permits.inUse()).isEqualTo(2);
    }

    @Test
    void weightedWaiters_areServedStrictlyInOrder_soALargeOneIsNotOvertaken() {
        Permits permits = new Permits(10);
        Permits.Permit big = hold(permits, 8);
        Work large = new Work();
        Work small = new Work();

        run(permits, 5, large);
        run(permits, 1, small);

        assertThat(large.started()).isFalse();
        assertThat(small.started()).as("no overtaking, although 1 would fit").isFalse();

        big.release();

        assertThat(large.started()).isTrue();
        assertThat(small.started()).isTrue();
        assertThat(permits.inUse()).isEqualTo(6);
    }

    @Test
    void releasingTwice_givesTheWeightBackOnce() {
        Permits permits = new Permits(1);
        Permits.Permit held = hold(permits, 1);
        Work next = new Work();
        Work later = new Work();
        run(permits, 1, next);

        held.release();
        held.release();
        run(permits, 1, later);

        assertThat(next.started()).isTrue();
        assertThat(later.started()).as("the second release granted nothing").isFalse();
        assertThat(permits.inUse()).isEqualTo(1);
    }

    @Test
    void aWeightAboveCapacity_waitsForTheWholeCapacity() {
        Permits permits = new Permits(4);
        Permits.Permit held = hold(permits, 1);
        Work whole = new Work();
        run(permits, 100, whole);
        assertThat(whole.started()).isFalse();

        held.release();

        assertThat(whole.started()).isTrue();
        assertThat(permits.inUse()).isEqualTo(4);
    }

    @Test
    void cancelledWhileWaiting_leavesTheQueue_andNeverRuns() {
        Permits permits = new Permits(1);
        Permits.Permit held = hold(permits, 1);
        Work cancelled = new Work();

        run(permits, 1, cancelled).cancel();
        assertThat(permits.waiting()).isZero();
        held.release();

        assertThat(cancelled.started()).isFalse();
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void cancelledHeadOfTheQueue_letsTheWaitersBehindItThrough() {
        Permits permits = new Permits(10);
        hold(permits, 8);
        Work large = new Work();
        Work small = new Work();
        UniAssertSubscriber<String> largeRun = run(permits, 5, large);
        run(permits, 2, small);

        largeRun.cancel();

        assertThat(small.started()).isTrue();
        assertThat(permits.inUse()).isEqualTo(10);
    }

    @Test
    void cancelledWhileTheWorkRuns_releases() {
        Permits permits = new Permits(1);
        Work running = new Work();

        run(permits, 1, running).cancel();

        assertThat(running.started()).isTrue();
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void failingWork_releases_andTheFailureReachesTheCaller() {
        Permits permits = new Permits(1);
        Work failing = new Work();
        UniAssertSubscriber<String> result = run(permits, 1, failing);

        failing.done.completeExceptionally(new IllegalStateException("origin gone"));

        result.assertFailedWith(IllegalStateException.class, "origin gone");
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void workThatThrowsBeforeReturningAUni_releases() {
        Permits permits = new Permits(1);

        permits.<String>withPermit(1, () -> {
            throw new IllegalArgumentException("no work");
        }).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalArgumentException.class, "no work");

        assertThat(permits.inUse()).isZero();
    }

    @Test
    void acquire_keepsThePermitWithTheTaker_untilTheTakerReleasesIt() {
        Permits permits = new Permits(3);

        Permits.Permit taken = hold(permits, 2);
        assertThat(permits.inUse()).as("handed over: the taker owns it").isEqualTo(2);

        taken.release();
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void acquire_whoseTakerFails_orIsCancelledBeforeTaking_releases() {
        Permits permits = new Permits(3);

        permits.acquire(2, permit -> Uni.createFrom().failure(new IllegalStateException("could not open the file")))
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalStateException.class, "could not open the file");
        assertThat(permits.inUse()).isZero();

        CompletableFuture<Void> neverTaken = new CompletableFuture<>();
        permits.acquire(2, permit -> Uni.createFrom().completionStage(neverTaken))
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .cancel();
        assertThat(permits.inUse()).as("granted, then given up before the taker kept it").isZero();
    }

    /**
     * Many waiters granted on one thread while others are cancelled on another: whichever wins each race, no weight
     * may stay in use once everything has ended. A permit kept by a waiter cancelled between its grant and its use
     * shows up here as weight left in use.
     */
    @Test
    void racingGrantsAndCancellations_leaveNothingInUse() throws Exception {
        Permits permits = new Permits(3);
        int rounds = 4_000;
        CountDownLatch ended = new CountDownLatch(rounds);
        List<UniAssertSubscriber<String>> runs = new ArrayList<>();
        ExecutorService finisher = Executors.newSingleThreadExecutor();
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < rounds; i++) {
                CompletableFuture<String> done = new CompletableFuture<>();
                UniAssertSubscriber<String> subscriber = permits
                        .withPermit(1, () -> Uni.createFrom().completionStage(done))
                        .onTermination().invoke(ended::countDown)
                        .subscribe().withSubscriber(UniAssertSubscriber.create());
                runs.add(subscriber);
                if (ThreadLocalRandom.current().nextBoolean()) {
                    canceller.execute(subscriber::cancel);
                }
                finisher.execute(() -> done.complete("ok"));
            }
            assertThat(ended.await(30, TimeUnit.SECONDS)).as("every run ended").isTrue();
        } finally {
            finisher.shutdown();
            canceller.shutdown();
            finisher.awaitTermination(10, TimeUnit.SECONDS);
            canceller.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(permits.waiting()).isZero();
        assertThat(permits.inUse()).isZero();
        assertThat(runs).hasSize(rounds);
    }
}
