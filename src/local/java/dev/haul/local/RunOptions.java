package dev.haul.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local run's command line. {@code endpoint} is null when the embedded S3 is to be started, {@code prefix} when
 * the batch names none, {@code file} when the URLs are given otherwise, {@code manifest} unless the list is one in S3
 * already, {@code queue} unless the run is to use the queue topology.
 */
record RunOptions(URI endpoint, String bucket, String prefix, boolean json, boolean keepRunning, boolean stopS3,
        Duration budget, Path file, List<String> urls, String manifest, QueueOptions queue, int invocations) {

    /**
     * {@code --queue}: how many worker instances, how many messages one invocation gets, and the queue's receive limit
     * and visibility timeout.
     */
    record QueueOptions(int workers, int batchSize, int receiveLimit, Duration visibilityTimeout) {}

    static final String USAGE = """
            usage: haul-local [--endpoint URL] [--bucket B] [--prefix P] [--json] [--keep-running]
                              [--budget 15m] [--queue [--workers 3] [--batch-size 10] [--receive-limit 3]
                              [--visibility D]] [--invocations K] (-f FILE | --manifest s3://B/KEY | URL...)
                   haul-local --stop-s3
              Fetches the URLs into S3 with Haul's real pipeline and prints what happened to each.
              --endpoint URL   S3 to store into (credentials from AWS_*); without it an embedded S3 is started
              --bucket B       bucket (default haul)
              --prefix P       key prefix for this batch, below Haul's data prefix (haul.store.prefix, "fetched")
              --json           print Haul's report JSON on stdout and nothing else there
              --keep-running   leave the embedded S3 running in the background; later runs use it (much faster)
              --stop-s3        stop the embedded S3 that --keep-running left running
              --budget D       the invocation's time limit, like Lambda's timeout: 90s, 15m, 1h (default 15m)
              -f FILE          one URL per line; blank lines and # comments are skipped
              --manifest URL   a URL list already in the S3 (s3://bucket/key), sent as the batch's manifestUrl
              --queue          run as deployed: an embedded SQS queue (ElasticMQ) with a dead-letter queue, worker
                               processes fed by pollers that act as Lambda's event source mapping, and the list sent
                               as one direct invocation, which Haul spreads over the queue when it is larger than
                               one invocation runs (haul.batch.in-place-max-items); -f is uploaded to the S3 first.
                               Ends when the queue is drained and prints where the batch's manifest is
              --workers N      worker processes with --queue (default 3)
              --batch-size N   messages per worker invocation, 1 to 10, as the event source mapping (default 10)
              --receive-limit N  receives before a message is dead-lettered (default 3)
              --visibility D   how long a received message stays hidden: as long as a failed or killed
                               invocation holds it up (default: --budget)
              --invocations K  hand the batch K times to the same function process, as to a warm Lambda, the
                               i-th into prefix invocation-i (below --prefix); prints what each cost the
                               function: wall and CPU time from hand-out to answer (default 1)
              JAVA_OPTS (default -Xmx512m) and HAUL_* settings in the environment are passed to Haul.
            exit: 0 all stored, 1 some failed, 2 bad input, 3 Haul could not run; with --queue, once the batch
                  is queued: 0 the queue drained with nothing dead-lettered, 1 messages were dead-lettered""";

    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh])");

    /** Parses {@code args}; a request for help comes back as {@code null}. */
    static RunOptions parse(String[] args) throws UsageException {
        URI endpoint = null;
        String bucket = "haul";
        String prefix = null;
        boolean json = false;
        boolean keepRunning = false;
        boolean stopS3 = false;
        Duration budget = RuntimeApiEmulator.DEFAULT_BUDGET;
        Path file = null;
        String manifest = null;
        boolean queue = false;
        Integer workers = null;
        Integer batchSize = null;
        Integer receiveLimit = null;
        Duration visibility = null;
        int invocations = 1;
        List<String> urls = new ArrayList<>();
        boolean flagsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (flagsEnded || !arg.startsWith("-")) {
                urls.add(arg);
                continue;
            }
            switch (arg) {
                case "--" -> flagsEnded = true;
                case "-h", "--help" -> {
                    return null;
                }
                case "--endpoint" -> endpoint = endpoint(value(args, ++i, arg));
                case "--bucket" -> bucket = value(args, ++i, arg);
                case "--prefix" -> prefix = value(args, ++i, arg);
                case "--json" -> json = true;
                case "--keep-running" -> keepRunning = true;
                case "--stop-s3" -> stopS3 = true;
                case "--budget" -> budget = duration(value(args, ++i, arg), arg);
                case "-f", "--file" -> file = Path.of(value(args, ++i, arg));
                case "--manifest" -> manifest = manifest(value(args, ++i, arg));
                case "--queue" -> queue = true;
                case "--workers" -> workers = count(value(args, ++i, arg), arg, 1, 64);
                case "--batch-size" -> batchSize = count(value(args, ++i, arg), arg, 1, 10);
                case "--receive-limit" -> receiveLimit = count(value(args, ++i, arg), arg, 1, 1000);
                case "--visibility" -> visibility = duration(value(args, ++i, arg), arg);
                case "--invocations" -> invocations = count(value(args, ++i, arg), arg, 1, 100);
                default -> throw new UsageException("unknown option " + arg + " (try --help)");
            }
        }
        if ((file != null ? 1 : 0) + (manifest != null ? 1 : 0) + (urls.isEmpty() ? 0 : 1) > 1) {
            throw new UsageException("give one of -f FILE, --manifest URL or URLs");
        }
        if (!queue && (workers != null || batchSize != null || receiveLimit != null || visibility != null)) {
            throw new UsageException("--workers, --batch-size, --receive-limit and --visibility apply to --queue only");
        }
        if (queue && invocations > 1) {
            throw new UsageException("--invocations applies to a run without --queue");
        }
        if (keepRunning && endpoint != null) {
            throw new UsageException("--keep-running applies to the embedded S3 only, not to --endpoint");
        }
        QueueOptions queueOptions = queue
                ? new QueueOptions(workers == null ? 3 : workers, batchSize == null ? 10 : batchSize,
                        receiveLimit == null ? 3 : receiveLimit, visibility == null ? budget : visibility)
                : null;
        return new RunOptions(endpoint, bucket, prefix, json, keepRunning, stopS3, budget, file, List.copyOf(urls),
                manifest, queueOptions, invocations);
    }

    private static String value(String[] args, int index, String flag) throws UsageException {
        if (index >= args.length || args[index].isBlank()) {
            throw new UsageException(flag + " needs a value");
        }
        return args[index];
    }

    private static URI endpoint(String text) throws UsageException {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below, like any other unusable endpoint
        }
        throw new UsageException("--endpoint must be an http(s) URL like http://127.0.0.1:9090, not " + text);
    }

    private static String manifest(String text) throws UsageException {
        if (!text.matches("s3://[^/]+/.+")) {
            throw new UsageException("--manifest must be like s3://bucket/key, not " + text);
        }
        return text;
    }

    private static int count(String text, String flag, int min, int max) throws UsageException {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        throw new UsageException(flag + " must be a whole number from " + min + " to " + max + ", not " + text);
    }

    private static Duration duration(String text, String flag) throws UsageException {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new UsageException(flag + " must be like 90s, 15m or 1h, not " + text);
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
