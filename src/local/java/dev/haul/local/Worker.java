package dev.haul.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One worker function instance of the queue topology: Haul's packaged artifact in a JVM of its own, fed through a
 * Runtime API emulator of its own, so that it takes one invocation at a time as a Lambda execution environment does.
 */
public final class Worker implements AutoCloseable {

    private final String name;
    private final RuntimeApiEmulator runtime;
    private final HaulProcess haul;
    private final Path log;
    private final AtomicInteger invocations = new AtomicInteger();
    private final Path spool;

    private Worker(String name, RuntimeApiEmulator runtime, HaulProcess haul, Path log, Path spool) {
        this.name = name;
        this.spool = spool;
        this.runtime = runtime;
        this.haul = haul;
        this.log = log;
    }

    /** Starts the JVM with {@code env} plus the address of the worker's own Runtime API. */
    static Worker start(String name, Path projectDir, String javaOpts, Map<String, String> env, Path log)
            throws IOException {
        RuntimeApiEmulator runtime = RuntimeApiEmulator.start();
        try {
            Map<String, String> withRuntime = new TreeMap<>(env);
            withRuntime.put("AWS_LAMBDA_RUNTIME_API", runtime.address());
            // Per-URL lines stay in the worker's log: with several workers they would bury the status line.
            HaulProcess haul = HaulProcess.start(projectDir, javaOpts, withRuntime, log, line -> {});
            String spool = env.get("HAUL_SPOOL_DIR");
            return new Worker(name, runtime, haul, log, spool == null ? null : Path.of(spool));
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Invocations this worker has finished, whatever their outcome. */
    public int invocations() {
        return invocations.get();
    }

    public boolean alive() {
        return haul.alive();
    }

    /**
     * Invokes the worker with {@code event} and waits for the outcome; empty when the JVM exited (or was killed) before
     * it answered, which on Lambda is a crashed execution environment.
     */
    Optional<RuntimeOutcome> invoke(byte[] event, Duration budget) throws InterruptedException {
        CompletableFuture<RuntimeOutcome> answer = runtime.invoke(event, budget);
        try {
            CompletableFuture.anyOf(answer, haul.exited()).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an invocation's outcome never completes exceptionally", e);
        }
        Optional<RuntimeOutcome> outcome = Optional.ofNullable(answer.getNow(null));
        outcome.ifPresent(done -> invocations.incrementAndGet());
        return outcome;
    }

    /** Why the JVM stopped before answering: its exit code and last log lines. */
    String exitReport() {
        return haul.exitReport();
    }

    /**
     * SIGKILL of the worker's JVM and its descendants; returns once it has exited. Its spool folder goes with it, as
     * a dead Lambda environment's /tmp does.
     */
    public void kill() {
        haul.kill();
        if (spool != null) {
            try (Stream<Path> files = Files.walk(spool)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // Only the folder of a process that no longer exists; nothing depends on it being gone.
            }
        }
    }

    @Override
    public void close() {
        haul.close();
        runtime.close();
    }
}
