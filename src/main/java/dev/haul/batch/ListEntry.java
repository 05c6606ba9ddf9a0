package dev.haul.batch;

import dev.haul.model.FetchItem;

/** One line of a URL list (one record of a CSV list): an item, or why it is not one. Lines count from 1. */
sealed interface ListEntry {

    long line();

    record Item(long line, FetchItem item) implements ListEntry {}

    /** {@code problem} names the field and the reason, e.g. "url: must be an http or https URL, got 'ftp'". */
    record Rejected(long line, String problem) implements ListEntry {}
}
