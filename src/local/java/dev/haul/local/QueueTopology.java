package dev.haul.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed topology on this machine: the embedded queue with its dead-letter queue, several worker instances of
 * Haul's packaged artifact, and for each a {@link QueuePoller} doing what Lambda's event source mapping does. A batch
 * goes in as a direct invocation ({@link #submit}), which Haul spreads over the queue when it is larger than one
 * invocation runs; the workers then drain it. Used by {@code haul-local --queue} and by tests, which may
 * {@link Worker#kill()} a worker mid-run.
 */
public final class QueueTopology implements AutoCloseable {

    /** How often {@link #awaitDrained} asks the queue. */
    private static final Duration POLL = Duration.ofMillis(250);

    /**
     * What to start. {@code s3} is where the workers store; {@code batchSize} is the event source mapping's batch size
     * (1 to 10); {@code budget} each invocation's timeout; {@code env} the environment the workers' {@code HAUL_*}
     * settings and {@code JAVA_OPTS} come from; {@code workDir} takes the logs; {@code notices} hears about lost
     * workers and failed invocations, one line each.
     */
    public record Options(S3Target s3, int workers, int batchSize, EmbeddedQueue.Settings queue, Duration budget,
            Map<String, String> env, Path workDir, Consumer<String> notices) {
        public Options {
            // No worker at all is the API function alone: a test that splits a list and reads the queue itself.
            if (workers < 0) {
                throw new IllegalArgumentException("no fewer than zero workers, not " + workers);
            }
            if (batchSize < 1 || batchSize > 10) {
                throw new IllegalArgumentException("the batch size is 1 to 10, as SQS receives, not " + batchSize);
            }
            env = Map.copyOf(env);
        }
    }

    private final Options options;
    private final EmbeddedQueue queue;
    private final LocalEventBus events;
    private final SqsClient sqs;
    private final List<Worker> workers = new ArrayList<>();
    private Worker api;
    private final List<QueuePoller> pollers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread stopOnExit;

    private QueueTopology(Options options, EmbeddedQueue queue, LocalEventBus events, SqsClient sqs) {
        this.options = options;
        this.queue = queue;
        this.events = events;
        this.sqs = sqs;
        // A Ctrl-C ends this JVM without closing anything; ElasticMQ's JVM must end with it (the workers have hooks).
        this.stopOnExit = new Thread(queue::close, "stop-elasticmq");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts the queue, the workers and their pollers; returns once the queue answers (workers boot meanwhile). */
    public static QueueTopology start(Path projectDir, Options options) throws IOException {
        EmbeddedQueue queue = EmbeddedQueue.start(projectDir, options.workDir(), options.queue());
        QueueTopology topology = new QueueTopology(options, queue, LocalEventBus.start(),
                client(queue.endpoint(), options.s3()));
        try {
            topology.startWorkers(projectDir);
        } catch (IOException | RuntimeException e) {
            topology.close();
            throw e;
        }
        return topology;
    }

    private void startWorkers(Path projectDir) throws IOException {
        Map<String, String> shared = ChildEnvironment.queueWorker(options.env(), options.s3(), queue,
                options.queue().receiveLimit(), events.endpoint());
        String javaOpts = options.env().getOrDefault("JAVA_OPTS", HaulProcess.DEFAULT_JAVA_OPTS);
        // The API function: it takes submissions and status requests, and is never handed queue messages.
        api = Worker.start("api", projectDir, javaOpts, withSpool(shared, "api"), options.workDir().resolve(
                "api.log"));
        QueuePoller.Source source = new QueuePoller.Source(queue.queueUrl(), queue.queueArn(), EmbeddedQueue.REGION);
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i <= options.workers(); i++) {
            String name = "worker-" + i;
            Worker worker = Worker.start(name, projectDir, javaOpts, withSpool(shared, name), options.workDir()
                    .resolve(name + ".log"));
            workers.add(worker);
            QueuePoller poller = new QueuePoller(sqs, source, worker, options.batchSize(), options.budget(), json,
                    options.notices());
            pollers.add(poller);
            Thread thread = new Thread(poller, "poller-" + name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Each function instance spools to a folder of its own, as each Lambda environment has its own /tmp. */
    private Map<String, String> withSpool(Map<String, String> env, String name) {
        Map<String, String> own = new HashMap<>(env);
        own.put("HAUL_SPOOL_DIR", spoolOf(name).toString());
        return own;
    }

    /** The spool folder of the function instance {@code name} ("api", "worker-1", ...). */
    public Path spoolOf(String name) {
        return options.workDir().resolve("spool").resolve(name).toAbsolutePath();
    }

    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    public String queueUrl() {
        return queue.queueUrl();
    }

    /** The stand-in for EventBridge the workers send their "Haul Batch Completed" events to. */
    public LocalEventBus events() {
        return events;
    }

    public String deadLetterQueueUrl() {
        return queue.deadLetterQueueUrl();
    }

    public URI queueEndpoint() {
        return queue.endpoint();
    }

    /**
     * Invokes the first live worker directly with {@code event}, as {@code aws lambda invoke} would, and returns what
     * it answered: a report, {@code status: queued} with where the manifest will be, or a problem.
     *
     * @throws HaulFailedException when the worker exits before it answers
     */
    public RuntimeOutcome submit(byte[] event) throws IOException, InterruptedException {
        Optional<RuntimeOutcome> outcome = api.invoke(event, options.budget());
        if (outcome.isEmpty()) {
            throw new HaulFailedException(api.exitReport());
        }
        return outcome.get();
    }

    /**
     * What {@code GET /batches/{batchId}} answers, asked of the API function while the workers run: the batch's
     * state, totals so far and where its manifest is; empty while Haul has no record of it.
     */
    public Optional<JsonNode> batchStatus(String batchId) throws IOException, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        RuntimeOutcome outcome = submit(ApiEvent.get(json, "/batches/" + batchId));
        if (!(outcome instanceof RuntimeOutcome.Response response)) {
            throw new IOException("the API function failed to answer GET /batches/" + batchId + ": " + outcome);
        }
        JsonNode answer = json.readTree(response.body());
        if (answer.path("statusCode").asInt() != 200) {
            return Optional.empty();
        }
        return Optional.of(json.readTree(answer.path("body").asText()));
    }

    public QueueStatus status() {
        Map<QueueAttributeName, String> main = attributes(queue.queueUrl());
        Map<QueueAttributeName, String> dead = attributes(queue.deadLetterQueueUrl());
        return new QueueStatus(count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
                count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED),
                count(dead, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                        + count(dead, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                workers.stream().map(w -> new QueueStatus.WorkerStatus(w.name(), w.invocations(), w.alive()))
                        .toList());
    }

    /**
     * Waits until the main queue is drained (see {@link QueueStatus#drained()}) or {@code limit} has passed, and says
     * which. Meant for after {@link #submit}: before anything was sent, an empty queue is drained too.
     */
    public boolean awaitDrained(Duration limit) throws InterruptedException {
        long giveUpAt = System.nanoTime() + limit.toNanos();
        while (!status().drained()) {
            if (System.nanoTime() - giveUpAt >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the queue to drain");
            }
        }
        return true;
    }

    /**
     * The messages in the dead-letter queue, each once. They are received with a visibility timeout of zero, so they
     * stay there for a person (or the next call) to look at.
     */
    public List<Message> dlqMessages() {
        Map<String, Message> seen = new LinkedHashMap<>();
        boolean found = true;
        while (found) {
            found = false;
            for (Message message : sqs.receiveMessage(request -> request.queueUrl(queue.deadLetterQueueUrl())
                    .maxNumberOfMessages(10).visibilityTimeout(0).messageSystemAttributeNames(SqsEvent.ATTRIBUTES))
                    .messages()) {
                found |= seen.putIfAbsent(message.messageId(), message) == null;
            }
        }
        return List.copyOf(seen.values());
    }

    /** Stops the pollers, then the workers (each given Quarkus's shutdown), then the queue. */
    @Override
    public void close() {
        pollers.forEach(QueuePoller::stop);
        threads.forEach(Thread::interrupt);
        workers.forEach(Worker::close);
        if (api != null) {
            api.close();
        }
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sqs.close();
        queue.close();
        events.close();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it stops the queue.
        }
    }

    private Map<QueueAttributeName, String> attributes(String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    }

    private static int count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
        return Integer.parseInt(attributes.getOrDefault(name, "0"));
    }

    /** The client the pollers and status share: sync, on the JDK's HTTP stack, signing with the run's stand-ins. */
    private static SqsClient client(URI endpoint, S3Target s3) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.of(EmbeddedQueue.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId(),
                        s3.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
