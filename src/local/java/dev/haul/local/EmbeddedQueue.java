package dev.haul.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * ElasticMQ, a real SQS-compatible server, in a JVM of its own on 127.0.0.1 with a free port (classpath from
 * {@code src/elasticmq/pom.xml}): the queue Haul spreads large batches over, {@value #QUEUE}, and its dead-letter queue
 * {@value #DEAD_LETTER_QUEUE}, wired as infra/template.yaml wires them: a message received more often than the receive
 * limit moves to the dead-letter queue instead of being handed out again.
 */
public final class EmbeddedQueue implements AutoCloseable {

    public static final String QUEUE = "haul-batches";
    public static final String DEAD_LETTER_QUEUE = "haul-batches-dlq";
    /** The region and account ElasticMQ puts into queue ARNs, so that events carry a real-shaped ARN. */
    public static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";

    /**
     * How the main queue treats its messages. {@code receiveLimit} is the redrive policy's {@code maxReceiveCount};
     * {@code visibilityTimeout} how long a received message stays hidden before it is handed out again (whole seconds,
     * as SQS counts it).
     */
    public record Settings(int receiveLimit, Duration visibilityTimeout) {
        public Settings {
            if (receiveLimit < 1) {
                throw new IllegalArgumentException("the receive limit must be at least 1, not " + receiveLimit);
            }
            if (visibilityTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("the visibility timeout must be at least 1 s");
            }
        }
    }

    private final ChildJvm jvm;
    private final int port;

    private EmbeddedQueue(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts ElasticMQ and returns once it answers. Its configuration file and log go to {@code workDir}, which keeps
     * two servers started from one project (the tests', a local run's) from writing over each other's.
     */
    public static EmbeddedQueue start(Path projectDir, Path workDir, Settings settings) throws IOException {
        int port = ChildJvm.freePort();
        Files.createDirectories(workDir);
        Path config = workDir.resolve("elasticmq.conf").toAbsolutePath();
        Files.writeString(config, """
                include classpath("application.conf")
                node-address { protocol = http, host = "127.0.0.1", port = %d, context-path = "" }
                rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1", sqs-limits = strict }
                rest-stats { enabled = false }
                aws { region = "%s", accountId = "%s" }
                queues {
                  %s {
                    defaultVisibilityTimeout = %d seconds
                    deadLettersQueue { name = "%s", maxReceiveCount = %d }
                  }
                  %s { }
                }
                """.formatted(port, port, REGION, ACCOUNT, QUEUE, settings.visibilityTimeout().toSeconds(),
                DEAD_LETTER_QUEUE, settings.receiveLimit(), DEAD_LETTER_QUEUE));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        ChildJvm jvm = ChildJvm.start("elasticmq", projectDir, "src/elasticmq/pom.xml",
                List.of("-Xmx256m", "-Dconfig.file=" + config), "org.elasticmq.server.Main", List.of(), endpoint,
                workDir.resolve("elasticmq.log"));
        return new EmbeddedQueue(jvm, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String queueUrl() {
        return urlOf(QUEUE);
    }

    public String deadLetterQueueUrl() {
        return urlOf(DEAD_LETTER_QUEUE);
    }

    /** The main queue's ARN, as Lambda names it in each record's {@code eventSourceARN}. */
    public String queueArn() {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + QUEUE;
    }

    private String urlOf(String queue) {
        return endpoint() + "/" + ACCOUNT + "/" + queue;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
