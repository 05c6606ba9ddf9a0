package dev.haul.batch;

import java.util.Locale;

/**
 * The forms a URL list stored in S3 may take, told apart by its first line (blank lines and, in text, {@code #}
 * comments before it skipped): a JSON object that has a {@code url} starts JSON Lines, any other {@code {} a batch
 * JSON, a comma-separated row with a {@code url} column a CSV header, anything else a URL.
 */
enum ListFormat {
    /** One URL per line; blank lines and lines starting with {@code #} are skipped. */
    TEXT,
    /** A header row naming {@code url} and optionally {@code key}, {@code sha256} and {@code headers.<Name>}. */
    CSV,
    /** One item object per line, as in a batch's {@code items}. */
    JSON_LINES,
    /** A whole batch document, read as strictly as an event. */
    BATCH_JSON;

    /** The format whose first meaningful line is {@code line}; {@code itemObject} says it is an object with a url. */
    static ListFormat of(String line, boolean itemObject) {
        if (line.startsWith("{")) {
            return itemObject ? JSON_LINES : BATCH_JSON;
        }
        for (String cell : line.split(",", -1)) {
            if (unquoted(cell).toLowerCase(Locale.ROOT).equals("url")) {
                return CSV;
            }
        }
        return TEXT;
    }

    private static String unquoted(String cell) {
        String trimmed = cell.strip();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }
}
