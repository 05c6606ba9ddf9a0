package dev.haul.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds the packaged function's AppCDS archive ({@value #ARCHIVE}), run by the build right after the package: the
 * function starts under the JDK that builds it with {@code -XX:ArchiveClassesAtExit}, primes its transfer path at
 * start-up ({@code haul.priming.at-start}: two bodies through fetch, spool and store, on loopback), answers one
 * invocation, and is stopped, when the JVM writes every class it loaded into the archive. {@link HaulProcess} then
 * starts the function with it: the classes come mapped from the archive, already parsed and verified, instead of out
 * of the jars (the README's Benchmark section has what that saves).
 *
 * <p>An archive fits only the JVM build that wrote it and the same class path; another JVM ignores it and loads
 * classes as usual. Nothing here reaches the network: S3 points at a closed loopback port and is never called.
 */
public final class CdsArchive {

    static final String ARCHIVE = "target/haul-jvm.jsa";

    /** An invocation refused by validation: the handler, the JSON parsing and the answer, without any I/O. */
    private static final byte[] REFUSED = "{\"urls\": []}".getBytes(StandardCharsets.UTF_8);

    private CdsArchive() {}

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        Path archive = project.resolve(ARCHIVE);
        Files.deleteIfExists(archive);
        if (!HaulProcess.classPathIsJarsOnly()) {
            Path classes = LambdaRuntimeClient.localToolClasses();
            System.err.println("haul: no AppCDS archive: the local tool runs from a folder, not a jar (" + classes
                    + ")");
            return;
        }
        Map<String, String> parent = new HashMap<>(System.getenv());
        parent.put("HAUL_PRIMING_AT_START", "true");
        parent.put("HAUL_SPOOL_DIR", project.resolve("target/cds-training-spool").toString());
        S3Target nowhere = new S3Target(URI.create("http://127.0.0.1:9"), "cds-training", "us-east-1", "training",
                "training-secret");
        long started = System.nanoTime();
        try (RuntimeApiEmulator runtime = RuntimeApiEmulator.start();
                HaulProcess haul = HaulProcess.start(project, "-Xmx256m -XX:ArchiveClassesAtExit=" + archive,
                        ChildEnvironment.of(parent, runtime.address(), nowhere), project.resolve(
                                "target/cds-training.log"), line -> {})) {
            RuntimeOutcome outcome = runtime.invoke(REFUSED, Duration.ofMinutes(1)).get(2, TimeUnit.MINUTES);
            if (!(outcome instanceof RuntimeOutcome.Response)) {
                throw new IOException("the training invocation was not answered: " + outcome);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the training run did not finish; see target/cds-training.log", e);
        }
        // The JVM writes the archive as it exits, which closing the process above waited for.
        if (!Files.exists(archive)) {
            throw new IOException("the JVM wrote no archive; see target/cds-training.log");
        }
        System.err.printf("haul: AppCDS archive %s, %d MiB, in %d s%n", ARCHIVE, Files.size(archive) >> 20,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }
}
