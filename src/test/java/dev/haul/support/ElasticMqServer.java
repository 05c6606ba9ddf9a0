package dev.haul.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.haul.local.ChildJvm;

/** ElasticMQ, a real SQS-compatible server, in a JVM of its own on 127.0.0.1 (classpath from src/elasticmq/pom.xml). */
final class ElasticMqServer implements AutoCloseable {

    static final String QUEUE = "haul-batches";

    private final ChildJvm jvm;
    private final int port;

    private ElasticMqServer(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    static ElasticMqServer start(Path projectDir) throws IOException {
        int port = ChildJvm.freePort();
        Path config = projectDir.resolve("target/elasticmq.conf");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                include classpath("application.conf")
                node-address { protocol = http, host = "127.0.0.1", port = %d, context-path = "" }
                rest-sqs { enabled = true, bind-port = %d, bind-hostname = "127.0.0.1", sqs-limits = strict }
                rest-stats { enabled = false }
                queues { %s { defaultVisibilityTimeout = 60 seconds } }
                """.formatted(port, port, QUEUE));
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        ChildJvm jvm = ChildJvm.start("elasticmq", projectDir, "src/elasticmq/pom.xml",
                List.of("-Xmx256m", "-Dconfig.file=" + config.toAbsolutePath()), "org.elasticmq.server.Main",
                List.of(), endpoint, projectDir.resolve("target/elasticmq.log"));
        return new ElasticMqServer(jvm, port);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String queueUrl() {
        return endpoint() + "/000000000000/" + QUEUE;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
