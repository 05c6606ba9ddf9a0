package dev.haul.batch;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;

/**
 * A URL list as {@link UrlListLoader} read it: a batch document still to parse, items already checked, or where a
 * list too long to load is.
 */
sealed interface LoadedList {

    /** A list that is a batch JSON: parsed like any batch. */
    record Document(ObjectNode batch) implements LoadedList {}

    /** A text, CSV or JSON Lines list: every line already read as an item or as a rejected line. */
    record Listed(List<FetchItem> items, List<RejectedLine> rejectedLines) implements LoadedList {}

    /** A text, CSV or JSON Lines list with more items than a batch holds: read again, as a stream, to be split. */
    record TooLong(String bucket, String key, String eTag) implements LoadedList {}
}
