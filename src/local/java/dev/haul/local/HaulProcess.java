package dev.haul.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Haul's packaged artifact running in a JVM of its own, as Lambda's Java runtime runs it: the runner jar (whose
 * manifest brings in {@code lib/}) on the classpath, AWS's runtime interface client ({@link LambdaRuntimeClient}) as main
 * class, the given environment, and its output going to a log file.
 */
final class HaulProcess implements AutoCloseable {

    static final String DEFAULT_JAVA_OPTS = "-Xmx512m";

    /** Time Quarkus gets to shut down on SIGTERM before the JVM is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final LogPump output;
    private final Path log;
    private final Thread stopOnExit;

    private HaulProcess(Process process, LogPump output, Path log) {
        this.process = process;
        this.output = output;
        this.log = log;
        // A Ctrl-C or kill ends this JVM without closing anything; the child must not outlive it.
        this.stopOnExit = new Thread(process::destroyForcibly, "stop-haul");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static HaulProcess start(Path projectDir, String javaOpts, Map<String, String> env, Path log,
            Consumer<String> progress) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : javaOpts.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        Path archive = projectDir.resolve(CdsArchive.ARCHIVE);
        if (Files.exists(archive) && classPathIsJarsOnly() && !javaOpts.contains("-Xshare")
                && !javaOpts.contains("SharedArchiveFile") && !javaOpts.contains("ArchiveClassesAtExit")) {
            // The build's AppCDS archive (CdsArchive); a JVM other than the one that wrote it ignores it.
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.add("-cp");
        List<String> classPath = new ArrayList<>();
        classPath.add(HaulArtifact.locate(projectDir).toString());
        classPath.add(LambdaRuntimeClient.localToolClasses().toString());
        LambdaRuntimeClient.jars(projectDir).forEach(jar -> classPath.add(jar.toString()));
        command.add(String.join(File.pathSeparator, classPath));
        command.add(LambdaRuntimeClient.class.getName());
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        return new HaulProcess(process, LogPump.start(process.getInputStream(), log, progress), log);
    }

    /**
     * Whether the function's class path holds jars only, as in the package: the JVM archives classes (AppCDS) only from
     * jars. The tests run the local tool from a folder of classes, and so without the archive.
     */
    static boolean classPathIsJarsOnly() {
        return LambdaRuntimeClient.localToolClasses().toString().endsWith(".jar");
    }

    /** Completes when the JVM has exited, for whatever reason. */
    CompletableFuture<Process> exited() {
        return process.onExit();
    }

    /** Why the child stopped early: its exit code and the last lines it logged. */
    String exitReport() {
        try {
            // The exit can be seen before the last lines are read from the pipe; they are what explains it.
            output.drained().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The tail read so far is still the best explanation available.
        }
        StringBuilder report = new StringBuilder("Haul exited with code " + process.exitValue()
                + " before answering; last lines of " + log + ":");
        output.tail().forEach(line -> report.append(System.lineSeparator()).append("  ").append(line));
        return report.toString();
    }

    /**
     * Ends the JVM at once, as a crash or an out-of-memory kill would: SIGKILL, with no shutdown hooks run, and the same
     * for anything it started. Its descendants are listed first, while they are still its own.
     */
    void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.onExit().join();
    }

    /** CPU time the JVM has used so far, all its threads, user and system; zero where the OS does not say. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The JVM's peak resident set so far in KiB (Linux's {@code VmHWM}), or -1 where the OS does not say. */
    long peakRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone: unknown
        }
        return -1;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook stops the child.
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
