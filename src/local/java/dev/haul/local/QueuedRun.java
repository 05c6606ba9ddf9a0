package dev.haul.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code haul-local --queue}: the list goes to a {@link QueueTopology} as one direct invocation; when Haul queues it,
 * the workers drain the queue while a status line is printed every few seconds, and the run ends with where the
 * batch's manifest is. An answer that is not {@code status: queued} (a batch small enough to run in place, a
 * refusal) ends the run as a single-process run would end it.
 */
final class QueuedRun {

    static final Path WORK_DIR = Path.of(".haul", "queue");
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

    /** How the single-process run ends for an outcome; shared so both modes report alike. */
    @FunctionalInterface
    interface Finish {
        int finish(RuntimeOutcome outcome, boolean raw, Path log) throws IOException;
    }

    private final Path projectDir;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json;
    private final Finish finish;

    QueuedRun(Path projectDir, Map<String, String> env, PrintStream out, PrintStream err, ObjectMapper json,
            Finish finish) {
        this.projectDir = projectDir;
        this.env = env;
        this.out = out;
        this.err = err;
        this.json = json;
        this.finish = finish;
    }

    /** Runs {@code urls} (empty when the list is {@code options.manifest()}) through the topology storing into s3. */
    int run(RunOptions options, List<String> urls, S3Target s3) throws IOException {
        RunOptions.QueueOptions queue = options.queue();
        Path workDir = projectDir.resolve(WORK_DIR);
        err.println("haul-local: starting the queue and " + queue.workers() + " worker" + (queue.workers() == 1
                ? ""
                : "s") + " storing into s3://" + s3.bucket() + " at " + s3.endpoint() + " (logs " + WORK_DIR + ")");
        QueueTopology.Options topologyOptions = new QueueTopology.Options(s3, queue.workers(), queue.batchSize(),
                new EmbeddedQueue.Settings(queue.receiveLimit(), queue.visibilityTimeout()), options.budget(), env,
                workDir, notice -> err.println("haul-local: " + notice));
        try (QueueTopology topology = QueueTopology.start(projectDir, topologyOptions)) {
            byte[] event = event(options, urls, s3);
            RuntimeOutcome outcome = topology.submit(event);
            JsonNode answer = outcome instanceof RuntimeOutcome.Response response
                    ? json.readTree(response.body())
                    : null;
            if (answer == null || !"queued".equals(answer.path("status").asText())) {
                return finish.finish(outcome, options.json(), WORK_DIR.resolve("worker-1.log"));
            }
            String batchId = answer.path("batchId").asText();
            err.println("haul-local: batch " + batchId + (answer.has("items")
                    ? " (" + answer.path("items").asInt()
                            + " items)"
                    : "") + " was queued as " + answer.path("messages").asInt() + " message(s)");
            QueueStatus last = drain(topology, batchId);
            if (!last.drained()) {
                err.println("haul-local: every worker has gone with messages still on the queue (logs " + WORK_DIR
                        + ")");
                return LocalRun.COULD_NOT_RUN;
            }
            if (options.json()) {
                out.write(((RuntimeOutcome.Response) outcome).body());
                out.println();
                out.flush();
            }
            return summarize(answer, last, topology.batchStatus(batchId), topology.events().events().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the workers were running", e);
        }
    }

    /** Inline URLs as they are, a file as a list uploaded to the S3, a list in S3 as its URL. */
    private byte[] event(RunOptions options, List<String> urls, S3Target s3) throws IOException {
        if (options.manifest() != null) {
            return BatchEvent.ofManifest(json, options.manifest(), options.prefix());
        }
        if (options.file() != null) {
            String list = ListUpload.put(s3, options.file().getFileName().toString(), urls);
            err.println("haul-local: uploaded the list to " + list + "; submitting it as the batch's manifestUrl");
            return BatchEvent.ofManifest(json, list, options.prefix());
        }
        return BatchEvent.of(json, urls, options.prefix());
    }

    /**
     * Waits for the queue to drain, with a line per interval of the batch's status (as GET /batches/{batchId} answers
     * it) and the queue's; ends early when no worker is left.
     */
    private QueueStatus drain(QueueTopology topology, String batchId) throws InterruptedException, IOException {
        while (!topology.awaitDrained(STATUS_INTERVAL)) {
            QueueStatus status = topology.status();
            err.println("haul-local: " + topology.batchStatus(batchId).map(QueuedRun::statusLine)
                    .orElse("batch " + batchId + ": not split yet") + "; " + status.line());
            if (!status.anyWorkerAlive()) {
                return status;
            }
        }
        return topology.status();
    }

    /** "batch b: running, 12/100 parts, 2400 stored, 0 unchanged, 3 failed, 0 blocked, 12.0 MiB". */
    static String statusLine(JsonNode status) {
        JsonNode counts = status.path("counts");
        JsonNode parts = status.path("parts");
        return "batch " + status.path("batchId").asText() + ": " + status.path("state").asText() + ", "
                + parts.path("finished").asInt() + "/" + parts.path("total").asInt() + " parts, "
                + counts.path("stored").asLong() + " stored, " + counts.path("unchanged").asLong() + " unchanged, "
                + counts.path("failed").asLong() + " failed, " + counts.path("blocked").asLong() + " blocked, "
                + String.format(Locale.ROOT, "%.1f MiB", counts.path("bytes").asLong() / 1048576.0);
    }

    /**
     * The end of a queued run, printed to stdout, and its exit code: 0 when the batch is done with every item stored
     * (or unchanged) and no line of its list left out, 1 otherwise. A part the queue dead-lettered without finishing
     * leaves the batch running.
     */
    int summarize(JsonNode queued, QueueStatus last, Optional<JsonNode> status, int events) {
        JsonNode manifest = queued.path("manifest");
        out.println(status.map(QueuedRun::statusLine).orElse("batch " + queued.path("batchId").asText()
                + ": no record"));
        out.println(last.invocations() + " invocations of " + last.workers().size() + " workers; "
                + last.deadLettered() + " message(s) dead-lettered; " + events + " completion event(s)");
        out.println("manifest: s3://" + manifest.path("bucket").asText() + "/" + manifest.path("key").asText());
        status.map(found -> found.path("retryList")).filter(JsonNode::isObject).ifPresent(retry -> out.println(
                "retry list: s3://" + retry.path("bucket").asText() + "/" + retry.path("key").asText()
                        + " (haul-local --queue --manifest that URL, or POST /batches/{batchId}/retry)"));
        boolean allStored = status.filter(found -> "done".equals(found.path("state").asText()))
                .map(found -> found.path("counts"))
                .filter(counts -> counts.path("failed").asLong() + counts.path("blocked").asLong()
                        + counts.path("rejectedLines").asLong() == 0)
                .isPresent();
        return allStored && last.deadLettered() == 0 ? LocalRun.ALL_STORED : LocalRun.SOME_FAILED;
    }
}
