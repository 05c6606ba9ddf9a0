package dev.haul.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;
import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;
import dev.haul.report.BatchLedger;
import dev.haul.report.BatchReport;
import dev.haul.report.ManifestIndex;
import dev.haul.report.ManifestWriter;

/**
 * Puts a batch on the SQS queue for the workers, split into as many messages of the same batch as the message size
 * limit and {@code haul.batch.in-place-max-items} need. Each message is a complete batch document with a
 * {@code part} field, so each part runs and reports on its own, and the last to finish merges them.
 */
@ApplicationScoped
class BatchQueue {

    /** Room for the batch id, options and part fields around the items. */
    private static final int ENVELOPE_BYTES = 1024;
    /** The most entries one SendMessageBatch call takes. */
    private static final int MAX_BATCH_ENTRIES = 10;
    /** Room for the entry that stands for the rejected lines a message has no room for. */
    private static final int SUMMARY_BYTES = 200;

    private final SqsAsyncClient sqs;
    private final ObjectMapper json;
    private final ManifestWriter manifests;
    private final BatchLedger ledger;
    private final HaulConfig.Queue config;
    private final int maxPartItems;

    BatchQueue(SqsAsyncClient sqs, ObjectMapper json, ManifestWriter manifests, BatchLedger ledger,
            HaulConfig config) {
        this.sqs = sqs;
        this.json = json;
        this.manifests = manifests;
        this.ledger = ledger;
        this.config = config.queue();
        this.maxPartItems = config.batch().inPlaceMaxItems();
    }

    boolean configured() {
        return config.url().isPresent();
    }

    /**
     * Records the batch's index (how many parts to wait for, its options, its parent), then sends its parts, ten to a
     * {@code SendMessageBatch} call within the message size limit for the call's total.
     */
    Uni<BatchOutcome.Queued> enqueue(BatchRequest batch, String parent) {
        String queueUrl = config.url().orElseThrow(() -> new IllegalStateException("haul.queue.url is not set"));
        List<BatchRequest> parts = split(batch);
        return accept(batch.batchId(), parts.size(), batch.items().size(), batch.options(), parent, digest(batch))
                .flatMap(ignored -> sendAll(queueUrl, parts.stream().map(this::body).toList()))
                .map(sent -> new BatchOutcome.Queued(batch.batchId(), batch.items().size(), sent,
                        manifests.wholeReport(batch.batchId())));
    }

    /**
     * Records that {@code batchId} was accepted as {@code parts} parts holding {@code items} items made from
     * {@code source}; refused when the id is another batch's.
     */
    Uni<Void> accept(String batchId, int parts, long items, BatchOptions options, String parent, String source) {
        return ledger.accepted(new ManifestIndex(batchId, parts, items, Instant.now(), BatchJson.options(json,
                options), parent, source))
                .invoke(accepted -> {
                    if (!accepted) {
                        throw new BatchIdTakenException(batchId);
                    }
                })
                .replaceWithVoid();
    }

    /** What a long list's batch is made from: that version of that object. */
    static String source(LongList list) {
        return "s3://" + list.bucket() + "/" + list.key() + "@" + list.eTag();
    }

    /** What an inline batch is made from: a digest of its items as its messages carry them. */
    private String digest(BatchRequest batch) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (FetchItem item : batch.items()) {
            sha256.update(BatchJson.item(json, item).toString().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }

    /** Sends the parts, in as few calls as the limits allow. */
    Uni<Integer> send(List<BatchRequest> parts) {
        return sendAll(queueUrl(), parts.stream().map(this::body).toList());
    }

    /**
     * Hands a list too long to load to a worker, which splits it where it has a worker's timeout (see
     * {@link ListSplitter}); until then the batch's status is {@code queued} with no parts yet.
     */
    Uni<BatchOutcome.Queued> forward(LongList list, String parent) {
        ObjectNode pointer = json.createObjectNode().put("batchId", list.batchId())
                .put("manifestUrl", list.manifestUrl());
        ObjectNode options = BatchJson.options(json, list.options());
        if (!options.isEmpty()) {
            pointer.set("options", options);
        }
        if (parent != null) {
            pointer.put("parent", parent);
        }
        return accept(list.batchId(), 0, 0, list.options(), parent, source(list))
                .flatMap(ignored -> sendAll(queueUrl(), List.of(pointer.toString())))
                .map(sent -> new BatchOutcome.Queued(list.batchId(), -1, sent, manifests.wholeReport(list
                        .batchId())));
    }

    /** Where the batch's manifest will be. */
    BatchReport.Location location(String batchId) {
        return manifests.wholeReport(batchId);
    }

    /** Bytes of items one message carries, the batch's own fields aside. */
    long partBytes() {
        return config.maxMessageSize().asLongValue() - ENVELOPE_BYTES;
    }

    int maxPartItems() {
        return maxPartItems;
    }

    private String queueUrl() {
        return config.url().orElseThrow(() -> new IllegalStateException("haul.queue.url is not set"));
    }

    /** Sends the message bodies in as few calls as the limits allow; the number sent. */
    Uni<Integer> sendAll(String queueUrl, List<String> bodies) {
        return Multi.createFrom().iterable(sendGroups(bodies))
                .onItem().transformToUni(group -> send(queueUrl, group)).merge(4)
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    private List<List<String>> sendGroups(List<String> bodies) {
        long limit = config.maxMessageSize().asLongValue();
        List<List<String>> groups = new ArrayList<>();
        List<String> group = new ArrayList<>();
        long size = 0;
        for (String body : bodies) {
            long bytes = body.getBytes(StandardCharsets.UTF_8).length;
            if (!group.isEmpty() && (group.size() == MAX_BATCH_ENTRIES || size + bytes > limit)) {
                groups.add(group);
                group = new ArrayList<>();
                size = 0;
            }
            group.add(body);
            size += bytes;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    private Uni<Integer> send(String queueUrl, List<String> group) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(group.get(i))
                    .build());
        }
        return Uni.createFrom().completionStage(() -> sqs.sendMessageBatch(r -> r.queueUrl(queueUrl)
                .entries(entries)))
                .map(response -> {
                    if (!response.failed().isEmpty()) {
                        var failed = response.failed().get(0);
                        throw new IllegalStateException("SQS refused " + response.failed().size() + " of "
                                + group.size() + " messages: " + failed.code() + " " + failed.message());
                    }
                    return group.size();
                });
    }

    /**
     * Splits greedily, in order, so that every message stays within the configured size and every part within what
     * one worker invocation runs ({@code haul.batch.in-place-max-items}), so that the parts spread over workers.
     */
    List<BatchRequest> split(BatchRequest batch) {
        long limit = config.maxMessageSize().asLongValue() - ENVELOPE_BYTES;
        List<RejectedLine> rejected = carried(batch.rejectedLines(), limit / 2);
        List<List<FetchItem>> chunks = new ArrayList<>();
        List<FetchItem> current = new ArrayList<>();
        // The first part also carries the rejected lines.
        long size = rejected.stream().mapToLong(this::bytesOf).sum();
        for (int i = 0; i < batch.items().size(); i++) {
            FetchItem item = batch.items().get(i);
            long itemBytes = BatchJson.messageBytes(json, item);
            if (itemBytes > limit) {
                throw new BatchTooLargeException("items[" + i + "]", "is larger than one queue message can carry");
            }
            if ((size + itemBytes > limit || current.size() == maxPartItems) && !current.isEmpty()) {
                chunks.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(item);
            size += itemBytes;
        }
        chunks.add(current);
        List<BatchRequest> parts = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            // The list's rejected lines travel with the first part, so that they are reported exactly once.
            parts.add(new BatchRequest(batch.batchId(), chunks.get(i), batch.options(),
                    new BatchPart(i + 1, chunks.size()), i == 0 ? rejected : List.of()));
        }
        return parts;
    }

    /**
     * The rejected lines that fit in {@code budget} bytes of a message; when not all do, the last one kept says how
     * many more there are, so the report still tells that the list had them.
     */
    List<RejectedLine> carried(List<RejectedLine> rejected, long budget) {
        if (rejected.stream().mapToLong(this::bytesOf).sum() <= budget) {
            return rejected;
        }
        List<RejectedLine> kept = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < rejected.size(); i++) {
            RejectedLine line = rejected.get(i);
            size += bytesOf(line);
            if (size + SUMMARY_BYTES > budget) {
                kept.add(new RejectedLine(line.line(), "and " + (rejected.size() - i) + " more lines of the list, "
                        + "from this one on, are not items (too many to carry in a queue message; read the list)"));
                return kept;
            }
            kept.add(line);
        }
        return kept;
    }

    /** The line as a queue message carries it, escapes included. */
    private long bytesOf(RejectedLine line) {
        return json.createObjectNode().put("line", line.line()).put("problem", line.problem()).toString()
                .getBytes(StandardCharsets.UTF_8).length + 1L;
    }

    String body(BatchRequest part) {
        try {
            return json.writeValueAsString(BatchJson.write(json, part));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a batch is always serialisable", e);
        }
    }
}
