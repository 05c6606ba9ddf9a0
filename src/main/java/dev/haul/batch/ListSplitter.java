package dev.haul.batch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;
import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;

/**
 * Splits a list too long to load over the queue while reading it, so that memory holds one part whatever the list's
 * length. It reads the list twice, pinned to one version of the object: the first pass checks every line and counts
 * the parts (so a list that is not a list, or has too many bad lines, is refused before anything is sent, and the
 * batch's index knows how many parts to wait for); the second cuts the same parts ({@link ListChunker}) and sends
 * them, ten messages to a call, as it goes.
 */
@ApplicationScoped
class ListSplitter {

    private static final Logger LOG = Logger.getLogger(ListSplitter.class);
    /** A streamed list has no length limit of its own but {@code haul.batch.max-list-items}. */
    private static final ListReader.Limits LIMITS = new ListReader.Limits(UrlListLoader.MAX_LIST_BYTES,
            Long.MAX_VALUE);
    /** Parts sent in one go: up to ten SendMessageBatch calls' worth. */
    private static final int SEND_WINDOW = 100;

    private final UrlListLoader lists;
    private final KeyPlanner keys;
    private final BatchQueue queue;
    private final ObjectMapper json;
    private final HaulConfig.Batch config;

    ListSplitter(UrlListLoader lists, KeyPlanner keys, BatchQueue queue, ObjectMapper json, HaulConfig config) {
        this.lists = lists;
        this.keys = keys;
        this.queue = queue;
        this.json = json;
        this.config = config.batch();
    }

    Uni<BatchOutcome.Queued> split(LongList list, String parent) {
        long started = System.nanoTime();
        return lists.stream(list, LIMITS, reader -> count(list, reader))
                .flatMap(counted -> queue.accept(list.batchId(), counted.parts(), counted.items(), list.options(),
                        parent, BatchQueue.source(list))
                        .flatMap(ignored -> lists.stream(list, LIMITS, reader -> send(list, reader, counted)))
                        .map(sent -> {
                            LOG.infof("batch %s: %s split into %d parts (%d items, %d rejected lines) in %d ms",
                                    list.batchId(), list.manifestUrl(), sent, counted.items(),
                                    counted.rejected().size(), (System.nanoTime() - started) / 1_000_000);
                            return new BatchOutcome.Queued(list.batchId(), (int) Math.min(counted.items(),
                                    Integer.MAX_VALUE), sent, queue.location(list.batchId()));
                        }));
    }

    /** What the first pass found. */
    private record Counted(int parts, long items, List<RejectedLine> rejected) {}

    private Counted count(LongList list, ListReader reader) throws IOException {
        ListChunker chunker = chunker(list);
        while (reader.hasNext()) {
            chunker.add(reader.next());
        }
        chunker.finish();
        if (chunker.items() == 0) {
            throw new InvalidBatchException("manifestUrl", list.manifestUrl() + " holds no valid item");
        }
        return new Counted(chunker.parts(), chunker.items(), chunker.rejected());
    }

    private int send(LongList list, ListReader reader, Counted counted) throws IOException {
        ListChunker chunker = chunker(list);
        List<RejectedLine> carried = queue.carried(counted.rejected(), queue.partBytes() / 2);
        List<BatchRequest> window = new ArrayList<>(SEND_WINDOW);
        int sent = 0;
        int index = 0;
        while (reader.hasNext()) {
            List<FetchItem> part = chunker.add(reader.next());
            if (part != null) {
                window.add(part(list, part, ++index, counted, carried));
                if (window.size() == SEND_WINDOW) {
                    sent += flush(window);
                }
            }
        }
        List<FetchItem> last = chunker.finish();
        if (last != null) {
            window.add(part(list, last, ++index, counted, carried));
        }
        sent += flush(window);
        if (index != counted.parts()) {
            throw new IllegalStateException("batch " + list.batchId() + ": the second pass over "
                    + list.manifestUrl() + " cut " + index + " parts, the first " + counted.parts());
        }
        return sent;
    }

    private BatchRequest part(LongList list, List<FetchItem> items, int index, Counted counted,
            List<RejectedLine> carried) {
        return new BatchRequest(list.batchId(), items, list.options(), new BatchPart(index, counted.parts()),
                index == 1 ? carried : List.of());
    }

    /** Sends the window's parts and waits for SQS, so that what is read never runs far ahead of what is sent. */
    private int flush(List<BatchRequest> window) {
        if (window.isEmpty()) {
            return 0;
        }
        int sent = queue.send(List.copyOf(window)).await().indefinitely();
        window.clear();
        return sent;
    }

    private ListChunker chunker(LongList list) {
        return new ListChunker(keys, json, list, queue.maxPartItems(), queue.partBytes(), config.maxItems(),
                config.maxListItems());
    }
}
