package dev.haul.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Every Haul setting. Each property is documented in the README with its default and environment-variable form
 * ({@code haul.fetch.idle-timeout} is {@code HAUL_FETCH_IDLE_TIMEOUT}).
 */
@ConfigMapping(prefix = "haul")
public interface HaulConfig {

    Batch batch();

    Fetch fetch();

    Spool spool();

    Store store();

    Api api();

    Queue queue();

    Schedule schedule();

    Metrics metrics();

    Events events();

    Priming priming();

    interface Batch {
        /** Most items one batch may hold; a larger batch is refused before anything is fetched. */
        @WithDefault("1000")
        int maxItems();

        /**
         * Most items a list in S3 ({@code manifestUrl}) may hold. A list with more than {@code max-items} is split over
         * the queue as it is read, in parts of {@code in-place-max-items}, and needs a queue.
         */
        @WithDefault("10000000")
        long maxListItems();

        /**
         * A direct invocation or EventBridge event (a schedule too) with more items than this is spread over the
         * queue, in parts of at most this many items, when a queue is configured; without one it runs in place. Also
         * the largest part any batch is split into for the queue.
         */
        @WithDefault("200")
        int inPlaceMaxItems();

        /**
         * Also spread when the origins' declared sizes (HEAD requests) add up to more than this; unset, nothing is
         * asked and only the item count decides.
         */
        Optional<MemorySize> inPlaceMaxBytes();

        /**
         * Time kept back from the invocation's remaining time so that the report and manifest are always written
         * before Lambda ends the invocation. Items still running then are cut off and reported as failed.
         */
        @WithDefault("10s")
        Duration deadlineMargin();

        /**
         * Largest event, request body, queue message or JSON list Haul parses; larger ones are refused unread (413).
         * Lambda itself passes at most 6 MB to a synchronous invocation.
         */
        @WithDefault("6M")
        MemorySize maxEventSize();

        /**
         * How often a running batch logs a progress line (items done, bytes received, rate, each body still
         * arriving with an estimate); {@code 0s} for none.
         */
        @WithDefault("10s")
        Duration progressInterval();
    }

    interface Fetch {
        /** URLs fetched at the same time in one batch. Memory and /tmp use grow with it; see the budget notes. */
        @WithDefault("16")
        int concurrency();

        /** URLs fetched at the same time from one host (host and port), to stay polite to origins. */
        @WithDefault("6")
        int perHostConcurrency();

        /** Time to open a TCP (and TLS) connection to the origin. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Time from sending the request until the first byte of the body arrives. */
        @WithDefault("30s")
        Duration firstByteTimeout();

        /** Longest silence allowed between two chunks of a body once it has started. */
        @WithDefault("30s")
        Duration idleTimeout();

        /** Longest time one URL may take from its first request to its stored object. */
        @WithDefault("10m")
        Duration totalTimeout();

        /**
         * CIDR ranges, addresses and host names whose private, loopback, test or reserved addresses may be fetched
         * (for operators who fetch from their own networks); a host name opens only the addresses it resolves to,
         * for that name. Unset: only public addresses. Link-local addresses, the metadata and credential endpoints,
         * multicast, broadcast, protocol ranges and the Lambda Runtime API are refused whatever this says.
         */
        Optional<java.util.List<String>> allow();

        /** Tries per URL, the first included. Only failures that can pass are retried (see the README). */
        @WithDefault("4")
        int maxAttempts();

        /** First retry delay; each later one doubles, and the actual wait is a random fraction of it (full jitter). */
        @WithDefault("500ms")
        Duration retryBaseDelay();

        /** Ceiling of the doubling retry delay. */
        @WithDefault("20s")
        Duration retryMaxDelay();

        /** Longest Retry-After (seconds or HTTP date) Haul honours; an origin asking for more gets this much. */
        @WithDefault("60s")
        Duration retryAfterCap();

        /**
         * Largest body Haul stores: refused up front when Content-Length says more, cut off when the stream passes
         * it. A batch's {@code options.maxBytes} can only lower it.
         */
        @WithDefault("20G")
        MemorySize maxObjectSize();

        /**
         * Request headers a batch may set per item. An entry ending in {@code *} is a prefix. Host, Content-Length and
         * other framing headers are never allowed; the {@link #credentialHeaders()} are dropped when a redirect leaves
         * the URL's host.
         */
        @WithDefault("Accept,Accept-Language,Authorization,Cookie,Referer,User-Agent,X-*")
        java.util.List<String> allowedHeaders();

        /**
         * Request headers that carry credentials, dropped when a redirect leads to another host, port or scheme. An
         * entry may start and/or end with {@code *} ({@code *token*}: any name containing "token").
         */
        @WithDefault("Authorization,Proxy-Authorization,Cookie,X-Api-Key,X-Auth-Token,X-Amz-Security-Token,*token*,"
                + "*secret*,*key*")
        java.util.List<String> credentialHeaders();

        /**
         * Refetch conditionally: when the object already exists, send If-None-Match / If-Modified-Since from its
         * stored source metadata; a 304 is reported as {@code unchanged} and nothing is rewritten.
         */
        @WithDefault("false")
        boolean conditional();

        /**
         * PEM files of certificate authorities to trust for https origins, in addition to the JVM's own: for private
         * origins behind an internal CA. Unset: the JVM's authorities only.
         */
        Optional<java.util.List<java.nio.file.Path>> extraCaCerts();

        /** User-Agent sent to origins. */
        @WithDefault("Haul/0.1")
        String userAgent();
    }

    interface Spool {
        /**
         * Folder for bodies on their way to S3. Unset: {@code /tmp/haul} on Lambda, {@code .haul/spool} in the working
         * directory elsewhere.
         */
        Optional<Path> dir();

        /**
         * Most bytes of part files on disk at once, across all transfers. When it is spent, downloads wait for S3 to
         * take earlier parts (backpressure, not failure), so objects larger than the disk pass through. Must hold at
         * least one part. Lambda's default /tmp is 512 MB.
         */
        @WithDefault("400M")
        MemorySize budget();
    }

    interface Store {
        /** Bucket that receives the objects and the manifests. */
        @WithDefault("haul")
        String bucket();

        /** Value of {@code {prefix}} in the key template when a batch names none. */
        @WithDefault("fetched")
        String prefix();

        /**
         * How an object key is made from a URL. Placeholders: {@code {prefix}}, {@code {host}} (with the port when it
         * is not the scheme's default), {@code {path}} (safely encoded, with a hash of the query string when there is
         * one), {@code {sha256}} (content-addressed keys), {@code {batchId}}.
         */
        @WithDefault("{prefix}/{host}/{path}")
        String keyTemplate();

        /** Key prefix under which each batch's manifest is written as {@code {batchId}.json}. */
        @WithDefault("manifests")
        String manifestPrefix();

        /**
         * Bodies up to this size go as one PUT; larger ones as a multipart upload with parts of this size (raised when
         * an object would need more than 10 000 parts). S3 requires at least 5 MiB.
         */
        @WithDefault("8M")
        MemorySize partSize();

        /** Parts of one object uploaded at the same time. */
        @WithDefault("4")
        int partConcurrency();
    }

    interface Api {
        /** A POST /batches with more items than this is queued and answered 202 instead of run while the caller waits. */
        @WithDefault("10")
        int syncMaxItems();

        /**
         * A batch whose bodies add up to more than this (by the origins' Content-Length, asked with HEAD) is queued
         * too: API Gateway gives up on a request after 30 seconds.
         */
        @WithDefault("512M")
        MemorySize syncMaxBytes();

        /**
         * How long each HEAD request that sizes a POSTed batch may take. An origin that does not answer in time, or
         * declares no Content-Length, makes the batch's size unknown, and such a batch is queued.
         */
        @WithDefault("2s")
        Duration sizeProbeTimeout();

        /** Largest request body POST /batches accepts. */
        @WithDefault("1M")
        MemorySize maxBodySize();
    }

    interface Queue {
        /** The SQS queue that takes batches too big to run synchronously. Unset: such batches are refused (503). */
        Optional<String> url();

        /** Largest SQS message Haul sends; a bigger batch is split into several messages of the same batch. */
        @WithDefault("256K")
        MemorySize maxMessageSize();

        /**
         * The queue's receive limit ({@code maxReceiveCount} of its redrive policy). On the last delivery a part's
         * result is final: what failed is recorded as failed, the batch can finish, and the message is dead-lettered.
         */
        @WithDefault("3")
        int maxReceiveCount();
    }

    interface Schedule {
        /**
         * The URL list a bare scheduled event (empty {@code detail}) fetches: {@code s3://bucket/key}, holding one
         * URL per line or a batch JSON. Unset: such events are refused with a log line.
         */
        Optional<String> manifestUrl();
    }

    interface Metrics {
        /** Print each batch's metrics as CloudWatch embedded metric format lines on standard output. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Events {
        /** Send a "Haul Batch Completed" event when a queued batch has finished. */
        @WithDefault("true")
        boolean enabled();

        /** The EventBridge bus the events go to: a name or ARN; {@code default} is the account's default bus. */
        @WithDefault("default")
        String bus();

        /**
         * Send the events to this endpoint, unsigned, instead of EventBridge: for a local stand-in. Unset in
         * production.
         */
        Optional<URI> endpointOverride();
    }

    interface Priming {
        /**
         * Also carry the SnapStart priming bodies (two, on loopback) through fetch, spool and store at start-up, not
         * only before a snapshot: for building the AppCDS archive, or a JVM function without SnapStart that would rather
         * spend its init phase than its first invocation on loading that code.
         */
        @WithDefault("false")
        boolean atStart();
    }
}
