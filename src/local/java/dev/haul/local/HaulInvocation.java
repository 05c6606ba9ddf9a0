package dev.haul.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One invocation of Haul's real pipeline: the event goes to the Runtime API emulator, the packaged function is
 * started against it, and whatever the function posts back ends the run. The child is stopped afterwards, because a
 * Lambda runtime never exits by itself.
 */
final class HaulInvocation {

    static final Path LOG = Path.of(".haul", "haul.log");

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
        try (RuntimeApiEmulator runtime = RuntimeApiEmulator.start();
                HaulProcess haul = HaulProcess.start(projectDir, parentEnv.getOrDefault("JAVA_OPTS",
                        HaulProcess.DEFAULT_JAVA_OPTS), ChildEnvironment.of(parentEnv, runtime.address(), s3),
                        projectDir.resolve(LOG), progress)) {
            CompletableFuture<RuntimeOutcome> answer = runtime.invoke(event, budget);
            // Whichever happens first decides: an answer, or the child's exit without one.
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
}
