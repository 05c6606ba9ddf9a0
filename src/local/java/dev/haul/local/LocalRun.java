package dev.haul.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.haul.report.BatchReport;

/**
 * {@code haul-local}: fetches a list of URLs into S3 with Haul's real, packaged pipeline and reports what happened.
 * Without {@code --endpoint} it brings its own S3 (S3Mock under {@code .haul/s3}); with it, it stores into that S3 and
 * starts nothing, which is how the benchmark runs it. See {@link RunOptions#USAGE} for flags and exit codes.
 */
public final class LocalRun {

    static final int ALL_STORED = 0;
    static final int SOME_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int COULD_NOT_RUN = 3;

    private static final Path S3_STORE = Path.of(".haul", "s3");
    private static final Path S3_LOG = Path.of(".haul", "s3mock.log");

    private final Path projectDir;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    LocalRun(Path projectDir, Map<String, String> env, PrintStream out, PrintStream err) {
        this.projectDir = projectDir;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs with the current directory as the project, unless {@code -Dhaul.local.project-dir} names another: the
     * scripts set it so that a URL list path stays relative to where the user typed the command.
     */
    public static void main(String[] args) {
        Path projectDir = Path.of(System.getProperty("haul.local.project-dir", "")).toAbsolutePath();
        System.exit(new LocalRun(projectDir, System.getenv(), System.out, System.err).run(args));
    }

    int run(String[] args) {
        RunOptions options;
        List<String> urls;
        try {
            options = RunOptions.parse(args);
            if (options == null) {
                out.println(RunOptions.USAGE);
                return ALL_STORED;
            }
            if (options.stopS3()) {
                return stopEmbeddedS3();
            }
            urls = options.manifest() != null
                    ? List.of()
                    : options.file() == null ? options.urls() : UrlList.read(options.file());
            if (urls.isEmpty() && options.manifest() == null) {
                throw new UsageException(options.file() == null
                        ? "no URLs given (try --help)"
                        : "no URLs in " + options.file());
            }
        } catch (UsageException e) {
            err.println("haul-local: " + e.getMessage());
            return BAD_INPUT;
        }
        S3Run run = options.queue() == null
                ? s3 -> invoke(options, events(options, urls), s3)
                : s3 -> new QueuedRun(projectDir, env, out, err, json, this::finish).run(options, urls, s3);
        try {
            return options.endpoint() == null
                    ? runEmbedded(options, run)
                    : run.on(ChildEnvironment.target(env, options.endpoint(), options.bucket()));
        } catch (IOException e) {
            err.println("haul-local: " + e.getMessage());
            return COULD_NOT_RUN;
        }
    }

    /** What a run does once it knows the S3 it stores into; returns the exit code. */
    @FunctionalInterface
    interface S3Run {
        int on(S3Target s3) throws IOException;
    }

    private int stopEmbeddedS3() {
        try {
            err.println(new EmbeddedS3(projectDir).stop()
                    ? "haul-local: stopped the embedded S3"
                    : "haul-local: no embedded S3 was running");
            return ALL_STORED;
        } catch (IOException e) {
            err.println("haul-local: " + e.getMessage());
            return COULD_NOT_RUN;
        }
    }

    /**
     * Uses the embedded S3 a {@code --keep-running} run left running, or starts S3Mock for this run: stopped
     * afterwards, or, with {@code --keep-running}, left running in the background for later runs.
     */
    private int runEmbedded(RunOptions options, S3Run run) throws IOException {
        EmbeddedS3 embedded = new EmbeddedS3(projectDir);
        Optional<URI> running = embedded.running();
        if (running.isPresent()) {
            err.println("haul-local: using the embedded S3 left running at " + running.get() + " (stop it with "
                    + "./haul-local --stop-s3)");
            EmbeddedS3.ensureBucket(running.get(), options.bucket());
            return run.on(ChildEnvironment.target(env, running.get(), options.bucket()));
        }
        err.println("haul-local: starting the embedded S3 (log " + S3_LOG + ")");
        S3MockServer s3 = S3MockServer.start(projectDir, projectDir.resolve(S3_STORE), List.of(options.bucket()), true,
                projectDir.resolve(S3_LOG));
        if (options.keepRunning()) {
            embedded.record(s3.endpoint(), s3.pid());
            S3Target target = ChildEnvironment.target(env, s3.endpoint(), options.bucket());
            int code = run.on(target);
            PrintStream hints = options.json() ? err : out;
            hints.println("The embedded S3 keeps running at " + s3.endpoint() + " (bucket " + options.bucket()
                    + "); later runs use it; stop it with ./haul-local --stop-s3. For example:");
            hints.println("  AWS_ACCESS_KEY_ID=" + target.accessKeyId() + " AWS_SECRET_ACCESS_KEY="
                    + target.secretAccessKey() + " aws --endpoint-url " + s3.endpoint() + " s3 ls s3://"
                    + options.bucket() + " --recursive");
            return code;
        }
        // Ctrl-C ends this JVM without unwinding the stack; the hook makes sure S3Mock's JVM ends with it.
        Thread stopS3 = new Thread(s3::close, "stop-s3mock");
        Runtime.getRuntime().addShutdownHook(stopS3);
        try {
            return run.on(ChildEnvironment.target(env, s3.endpoint(), options.bucket()));
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopS3);
            s3.close();
        }
    }

    /**
     * The direct-invocation event for each of the run's invocations: one, or with {@code --invocations K} K of them,
     * the i-th into prefix {@code invocation-i} so that none finds the objects of another already stored.
     */
    private List<byte[]> events(RunOptions options, List<String> urls) {
        List<byte[]> events = new ArrayList<>();
        for (int i = 1; i <= options.invocations(); i++) {
            String prefix = options.invocations() == 1
                    ? options.prefix()
                    : (options.prefix() == null ? "" : options.prefix() + "/") + "invocation-" + i;
            events.add(options.manifest() == null
                    ? BatchEvent.of(json, urls, prefix)
                    : BatchEvent.ofManifest(json, options.manifest(), prefix));
        }
        return events;
    }

    private int invoke(RunOptions options, List<byte[]> events, S3Target s3) throws IOException {
        JsonNode batch = json.readTree(events.get(0));
        int urls = batch.path("urls").size();
        String what = batch.has("manifestUrl")
                ? "the list " + batch.path("manifestUrl").asText()
                : urls + " URL" + (urls == 1 ? "" : "s");
        String times = events.size() == 1 ? "" : ", " + events.size() + " times in one function process";
        err.println("haul-local: fetching " + what + " into s3://" + s3.bucket() + " at " + s3.endpoint() + times
                + " (log " + HaulInvocation.LOG + ")");
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null);
        List<RuntimeOutcome> outcomes = new HaulInvocation(projectDir, env, options.budget()).run(events, s3,
                progress::line, new FigurePrinter(events.size()));
        progress.finish();
        int code = ALL_STORED;
        for (RuntimeOutcome outcome : outcomes) {
            code = Math.max(code, finish(outcome, options.json(), HaulInvocation.LOG));
        }
        return code;
    }

    /**
     * Prints what the function process spent, one line per figure on stderr, in a fixed form the benchmark reads
     * ({@code bench/run}): its init, each invocation from hand-out to answer, and its peak resident set.
     */
    private final class FigurePrinter implements HaulInvocation.Measurements {
        private final int invocations;

        FigurePrinter(int invocations) {
            this.invocations = invocations;
        }

        @Override
        public void init(HaulInvocation.Init init) {
            err.printf(Locale.ROOT, "haul-local: function init: %.3f s wall, %.3f s CPU (process start to ready)%n",
                    seconds(init.wall()), seconds(init.cpu()));
        }

        @Override
        public void invocation(HaulInvocation.Figures figures) {
            err.printf(Locale.ROOT, "haul-local: invocation %d of %d: %.3f s wall, %.3f s CPU (hand-out to answer)%n",
                    figures.invocation(), invocations, seconds(figures.wall()), seconds(figures.cpu()));
        }

        @Override
        public void peakRssKiB(long kiB) {
            if (kiB >= 0) {
                err.printf(Locale.ROOT, "haul-local: function peak RSS: %d KiB%n", kiB);
            }
        }

        private static double seconds(Duration duration) {
            return duration.toNanos() / 1e9;
        }
    }

    /** The end of a run for what Haul made of the batch; {@code log} is where to look when it did not answer. */
    int finish(RuntimeOutcome outcome, boolean raw, Path log) throws IOException {
        if (outcome instanceof RuntimeOutcome.TimedOut timedOut) {
            err.println("haul-local: Haul did not answer within the invocation's time limit (" + timedOut.budget()
                    .toSeconds() + " s, --budget); on Lambda the invocation would have ended there (see " + log + ")");
            return COULD_NOT_RUN;
        }
        if (outcome instanceof RuntimeOutcome.FunctionError error) {
            err.println("haul-local: Haul reported an error instead of a report: " + error.text() + " (see " + log
                    + ")");
            return COULD_NOT_RUN;
        }
        return answer(((RuntimeOutcome.Response) outcome).body(), raw);
    }

    /** Prints Haul's answer: a batch report, or the problem document it refused the batch with. */
    private int answer(byte[] body, boolean raw) throws IOException {
        JsonNode tree = json.readTree(body);
        if (raw) {
            out.write(body);
            out.println();
            out.flush();
        }
        if (tree != null && tree.has("status") && tree.has("detail") && !tree.has("items")) {
            err.println("haul-local: Haul refused the batch: " + tree.path("detail").asText());
            return refusalExitCode(tree.path("status").asInt());
        }
        BatchReport report = json.treeToValue(tree, BatchReport.class);
        if (!raw) {
            ReportTable.print(report, out);
        }
        return report.allStored() ? ALL_STORED : SOME_FAILED;
    }

    /** Any 4xx (400 invalid, 413 too large, 415) is the input's fault; a 5xx (503: no queue for it) is not. */
    static int refusalExitCode(int problemStatus) {
        return problemStatus >= 400 && problemStatus < 500 ? BAD_INPUT : COULD_NOT_RUN;
    }
}
