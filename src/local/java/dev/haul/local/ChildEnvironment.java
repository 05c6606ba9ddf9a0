package dev.haul.local;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment the Haul child JVM sees. It is built from scratch rather than inherited, so that a developer's own
 * {@code QUARKUS_*} or {@code AWS_*} settings (a profile, a real endpoint) can never send a local run to real AWS;
 * only what the OS needs and Haul's own {@code HAUL_*} settings pass through.
 */
final class ChildEnvironment {

    static final String SPOOL_DIR = ".haul/spool";

    private static final String[] OS_ESSENTIALS = {"PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR"};

    private ChildEnvironment() {}

    static Map<String, String> of(Map<String, String> parent, String runtimeApi, S3Target s3) {
        Map<String, String> env = base(parent, s3);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        // One process and no queue: a developer's own queue URL must not send a large batch to real SQS, nor a
        // batch's end an event to real EventBridge. Without a queue, every batch runs in place.
        env.remove("HAUL_QUEUE_URL");
        env.put("HAUL_EVENTS_ENABLED", "false");
        return env;
    }

    /**
     * A worker of the queue topology: as {@link #of}, without the Runtime API (each worker has its own), with
     * Haul's SQS client pointed at the embedded queue and its completion events at the local stand-in, signing as it signs for S3 (ElasticMQ accepts any key).
     */
    static Map<String, String> queueWorker(Map<String, String> parent, S3Target s3, EmbeddedQueue queue,
            int receiveLimit, URI eventBus) {
        Map<String, String> env = base(parent, s3);
        env.put("QUARKUS_SQS_ENDPOINT_OVERRIDE", queue.endpoint().toString());
        env.put("QUARKUS_SQS_AWS_REGION", EmbeddedQueue.REGION);
        env.put("QUARKUS_SQS_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_SQS_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", s3.accessKeyId());
        env.put("QUARKUS_SQS_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", s3.secretAccessKey());
        // The queue this run started, and its real receive limit, win over any HAUL_* setting.
        env.put("HAUL_QUEUE_URL", queue.queueUrl());
        env.put("HAUL_QUEUE_MAX_RECEIVE_COUNT", Integer.toString(receiveLimit));
        // Completion events go to the run's stand-in for EventBridge, never to a real bus.
        env.put("HAUL_EVENTS_ENABLED", "true");
        env.put("HAUL_EVENTS_ENDPOINT_OVERRIDE", eventBus.toString());
        return env;
    }

    private static Map<String, String> base(Map<String, String> parent, S3Target s3) {
        Map<String, String> env = new TreeMap<>();
        for (String name : OS_ESSENTIALS) {
            if (parent.containsKey(name)) {
                env.put(name, parent.get(name));
            }
        }
        parent.forEach((name, value) -> {
            if (name.startsWith("HAUL_")) {
                env.put(name, value);
            }
        });
        // A local run fetches from this machine too (a dev server, the benchmark's origin): loopback is allowed through
        // the URL policy's allow-list unless the caller set one. The runtime API stays refused whatever this says.
        env.putIfAbsent("HAUL_FETCH_ALLOW", "127.0.0.0/8,::1");
        // A person is watching: progress every second rather than Lambda's every ten.
        env.putIfAbsent("HAUL_BATCH_PROGRESS_INTERVAL", "1s");
        env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3.endpoint().toString());
        env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
        env.put("QUARKUS_S3_AWS_REGION", s3.region());
        env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", s3.accessKeyId());
        env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", s3.secretAccessKey());
        // The run's bucket and spool win over any HAUL_* setting, because the local run created or was given them.
        env.put("HAUL_STORE_BUCKET", s3.bucket());
        env.put("HAUL_SPOOL_DIR", SPOOL_DIR);
        return env;
    }

    /** Region and credentials as the AWS tools read them, with stand-ins that any local S3 accepts. */
    static S3Target target(Map<String, String> parent, URI endpoint, String bucket) {
        return new S3Target(endpoint, bucket,
                firstSet(parent, "us-east-1", "AWS_REGION", "AWS_DEFAULT_REGION"),
                firstSet(parent, "haul-local", "AWS_ACCESS_KEY_ID"),
                firstSet(parent, "haul-local-secret", "AWS_SECRET_ACCESS_KEY"));
    }

    private static String firstSet(Map<String, String> env, String fallback, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return fallback;
    }
}
