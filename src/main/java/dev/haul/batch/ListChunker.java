package dev.haul.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;

/**
 * Cuts a long list's lines, in order, into the items of its queue parts: at most {@code maxPartItems} items and
 * {@code partBytes} of message a part (half of that for the first, which also carries the rejected lines). A line
 * that is not an item, whose key S3 would refuse, or whose key another line of the same part already takes, becomes
 * a rejected line, so that every part it sends plans without a conflict. Entirely determined by the lines, so that
 * the pass that counts the parts and the pass that sends them cut the same parts. Holds one part at a time.
 */
final class ListChunker {

    private final KeyPlanner keys;
    private final ObjectMapper json;
    private final LongList list;
    private final int maxPartItems;
    private final long partBytes;
    private final int maxRejected;
    private final long maxItems;
    private final List<RejectedLine> rejected = new ArrayList<>();
    private final Map<String, Long> keysOfPart = new HashMap<>();
    private List<FetchItem> part = new ArrayList<>();
    private long bytes;
    private long items;
    private int parts;

    ListChunker(KeyPlanner keys, ObjectMapper json, LongList list, int maxPartItems, long partBytes, int maxRejected,
            long maxItems) {
        this.keys = keys;
        this.json = json;
        this.list = list;
        this.maxPartItems = maxPartItems;
        this.partBytes = partBytes;
        this.maxRejected = maxRejected;
        this.maxItems = maxItems;
    }

    /** Takes the next line; returns the part it completed, or {@code null}. */
    List<FetchItem> add(ListEntry entry) {
        if (entry instanceof ListEntry.Rejected line) {
            reject(line.line(), line.problem());
            return null;
        }
        ListEntry.Item line = (ListEntry.Item) entry;
        FetchItem item = line.item();
        String key;
        try {
            key = keys.keyOf(item, "line " + line.line(), list.options(), list.batchId());
        } catch (InvalidBatchException e) {
            // "line 7.url" names the line's field; the line number is reported apart.
            reject(line.line(), e.field().substring(e.field().lastIndexOf('.') + 1) + ": " + e.getMessage());
            return null;
        }
        long itemBytes = BatchJson.messageBytes(json, item);
        if (itemBytes > partBytes / 2) {
            reject(line.line(), "is larger than one queue message can carry");
            return null;
        }
        List<FetchItem> completed = null;
        if (!part.isEmpty() && (part.size() == maxPartItems || bytes + itemBytes > budget())) {
            completed = cut();
        }
        Long earlier = keysOfPart.putIfAbsent(key, line.line());
        if (earlier != null) {
            reject(line.line(), "would be stored under the same key as line " + earlier + " (" + key + "); give one "
                    + "of them an explicit \"key\" or remove the duplicate");
            return completed;
        }
        if (++items > maxItems) {
            throw new BatchTooLargeException("manifestUrl", list.manifestUrl() + " has more than " + maxItems
                    + " items (haul.batch.max-list-items)");
        }
        part.add(item);
        bytes += itemBytes;
        return completed;
    }

    /** The last part, or {@code null} when the list ended on a full one. */
    List<FetchItem> finish() {
        return part.isEmpty() ? null : cut();
    }

    List<RejectedLine> rejected() {
        return List.copyOf(rejected);
    }

    long items() {
        return items;
    }

    int parts() {
        return parts;
    }

    private long budget() {
        return parts == 0 ? partBytes / 2 : partBytes;
    }

    private List<FetchItem> cut() {
        List<FetchItem> completed = part;
        part = new ArrayList<>();
        keysOfPart.clear();
        bytes = 0;
        parts++;
        return completed;
    }

    private void reject(long line, String problem) {
        if (rejected.size() == maxRejected) {
            RejectedLine first = rejected.get(0);
            throw new InvalidBatchException("manifestUrl", list.manifestUrl() + " has more than " + maxRejected
                    + " lines that are not items (the first: line " + first.line() + ": " + first.problem() + ")");
        }
        rejected.add(new RejectedLine(line, problem));
    }
}
