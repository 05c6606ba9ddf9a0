package dev.haul.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a CSV row stands for an item, for Haul's own CSV lists and a Step Functions CSV item reader's rows alike: each
 * column is the item field of its name, an empty cell is an absent value, and a {@code headers.<Name>} column (the
 * prefix in any case) is the request header {@code <Name>}.
 */
public final class CsvItems {

    private static final String HEADER_COLUMN = "headers.";

    private CsvItems() {}

    /** Adds the cell {@code value} of {@code column} to {@code item}. */
    public static void addCell(ObjectNode item, String column, JsonNode value) {
        if (value.isTextual() && value.asText().isEmpty()) {
            return;
        }
        if (isHeaderColumn(column)) {
            item.withObjectProperty("headers").set(column.substring(HEADER_COLUMN.length()), value);
        } else {
            item.set(column, value);
        }
    }

    static boolean isHeaderColumn(String column) {
        return column.regionMatches(true, 0, HEADER_COLUMN, 0, HEADER_COLUMN.length())
                && column.length() > HEADER_COLUMN.length();
    }
}
