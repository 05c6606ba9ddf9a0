package dev.haul.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Invocations of Haul's real pipeline: the events go to the Runtime API emulator, the packaged function is started
 * against it, and whatever the function posts back ends each one. Several events are handed to the same function
 * process one after another, as Lambda hands a warm execution environment its next invocation. The child is stopped
 * afterwards, because a Lambda runtime never exits by itself.
 */
final class HaulInvocation {

    static final Path LOG = Path.of(".haul", "haul.log");

    /**
     * What one invocation cost the function process: wall time and CPU time (all its threads) from the moment the event
     * was handed out to the moment the answer arrived.
     */
    record Figures(int invocation, Duration wall, Duration cpu) {}

    /** From the function's process start to its first {@code invocation/next}: Lambda's init phase. */
    record Init(Duration wall, Duration cpu) {}

    /** What a run measured, for {@link #run(List, S3Target, Consumer, Measurements)}. */
    interface Measurements {
        void init(Init init);

        void invocation(Figures figures);

        void peakRssKiB(long kiB);
    }

    private final Path projectDir;
    private final Map<String, String> parentEnv;
    private final Duration budget;

    HaulInvocation(Path projectDir, Map<String, String> parentEnv, Duration budget) {
        this.projectDir = projectDir;
        this.parentEnv = parentEnv;
        this.budget = budget;
    }

    /**
     * Runs {@code event} through Haul storing into {@code s3}; {@code progress} receives Haul's per-URL lines.
     *
     * @throws HaulFailedException when Haul exits before it answers
     */
    RuntimeOutcome run(byte[] event, S3Target s3, Consumer<String> progress) throws IOException {
        return run(List.of(event), s3, progress, null).get(0);
    }

    /**
     * Runs each of {@code events} in turn through one function process, the next handed out once the previous one was
     * answered; returns the outcomes in order. {@code measurements}, when given, receives what each cost.
     *
     * @throws HaulFailedException when Haul exits before it answers all of them
     */
    List<RuntimeOutcome> run(List<byte[]> events, S3Target s3, Consumer<String> progress, Measurements measurements)
            throws IOException {
        long started = System.nanoTime();
        try (RuntimeApiEmulator runtime = RuntimeApiEmulator.start();
                HaulProcess haul = HaulProcess.start(projectDir, parentEnv.getOrDefault("JAVA_OPTS",
                        HaulProcess.DEFAULT_JAVA_OPTS), ChildEnvironment.of(parentEnv, runtime.address(), s3),
                        projectDir.resolve(LOG), progress)) {
            if (measurements != null) {
                runtime.ready().thenAccept(at -> measurements.init(new Init(Duration.ofNanos(at - started),
                        haul.cpu())));
            }
            List<RuntimeOutcome> outcomes = new ArrayList<>();
            for (byte[] event : events) {
                // Written by the thread that hands the event out, read by the one that receives the answer.
                AtomicReference<Duration> cpuAtHandOut = new AtomicReference<>();
                AtomicLong handedOut = new AtomicLong();
                CompletableFuture<RuntimeOutcome> answer = runtime.invoke(event, budget, () -> {
                    cpuAtHandOut.set(haul.cpu());
                    handedOut.set(System.nanoTime());
                });
                int index = outcomes.size() + 1;
                // Taken in the thread that receives the answer, before anything else happens in the function.
                CompletableFuture<Figures> figures = answer.thenApply(outcome -> new Figures(index,
                        Duration.ofNanos(System.nanoTime() - handedOut.get()), haul.cpu().minus(cpuAtHandOut.get())));
                outcomes.add(await(answer, haul));
                if (measurements != null) {
                    measurements.invocation(figures.join());
                }
            }
            if (measurements != null) {
                measurements.peakRssKiB(haul.peakRssKiB());
            }
            return outcomes;
        }
    }

    /** Whichever happens first decides: an answer, or the child's exit without one. */
    private static RuntimeOutcome await(CompletableFuture<RuntimeOutcome> answer, HaulProcess haul)
            throws IOException {
        CompletableFuture<Object> first = CompletableFuture.anyOf(answer, haul.exited());
        try {
            first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Haul was running", e);
        } catch (ExecutionException e) {
            throw new IOException("waiting for Haul failed", e.getCause());
        }
        RuntimeOutcome outcome = answer.getNow(null);
        if (outcome == null) {
            throw new HaulFailedException(haul.exitReport());
        }
        return outcome;
    }
}
