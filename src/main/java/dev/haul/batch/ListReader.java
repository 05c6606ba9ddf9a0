package dev.haul.batch;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

/**
 * Reads a URL list as a stream, one line at a time, whatever its length: plain text, CSV with a header row, or JSON
 * Lines ({@link ListFormat}), gzip-compressed or not (told by its first two bytes). Each line becomes a
 * {@link ListEntry}: an item validated exactly as a batch's item is, or the line's number and what is wrong with it,
 * so one bad line does not sink a list. Only a list that is in no accepted format at all is refused whole
 * ({@link InvalidBatchException}). A batch JSON is recognised but not streamed: {@link #batchDocument} reads it
 * whole, within a limit.
 *
 * <p>Memory is bounded by the longest line, not the list: a line longer than {@link #MAX_LINE_CHARS} is skipped to
 * its end and reported. Not thread-safe.
 */
final class ListReader implements Iterator<ListEntry>, Closeable {

    /** Room for the longest valid item: an 8 KiB URL, a key, a checksum and 8 KiB of headers, quoted. */
    static final int MAX_LINE_CHARS = 32 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';
    /** The most of a line's own text a problem quotes. */
    private static final int MAX_QUOTED_CHARS = 200;
    private static final List<String> FIXED_COLUMNS = List.of("url", "key", "sha256");
    private static final ObjectReader CSV_ROW = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES)
            .readerFor(String[].class);

    private final Reader text;
    private final String name;
    private final String field;
    private final ItemParser items;
    private final ObjectMapper json;
    private final int maxBatchJsonBytes;
    private final long maxListChars;
    private final JsonInput lineJson = new JsonInput(4L * MAX_LINE_CHARS);
    private final ListFormat format;
    private final char[] chunk = new char[8192];
    private int chunkEnd;
    private int chunkPos;
    private boolean eof;
    private long lineNumber;
    private long charsRead;
    private String[] columns;
    /** The first meaningful line, read to tell the format, still to be read as an entry (text and JSON Lines). */
    private Line first;
    private ListEntry next;

    private ListReader(InputStream raw, String name, String field, ItemParser items, ObjectMapper json,
            Limits limits) throws IOException {
        this.name = name;
        this.maxBatchJsonBytes = limits.maxBatchJsonBytes();
        this.maxListChars = limits.maxListChars();
        this.field = field;
        this.items = items;
        this.json = json;
        this.text = new InputStreamReader(decompressed(raw), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
        // The first line may be a whole batch JSON on one line, so it may be as long as one.
        Line line = nextMeaningfulLine(true, Math.max(maxBatchJsonBytes, MAX_LINE_CHARS));
        if (line == null) {
            throw new InvalidBatchException(field, name + " holds no URL");
        }
        boolean batchJson = line.text().startsWith("{") && (line.tooLong() || line.text().length() > MAX_LINE_CHARS
                || !isItemObject(line.text()));
        String problem = batchJson || line.text().length() <= MAX_LINE_CHARS
                ? problemOfText(line.text())
                : "is longer than " + MAX_LINE_CHARS + " characters";
        if (problem != null) {
            throw new InvalidBatchException(field, name + " is not a URL list (line " + line.number() + " " + problem
                    + "); a list is text with one URL per line, CSV with a url column, JSON Lines or a batch JSON");
        }
        this.format = ListFormat.of(line.text(), !batchJson);
        if (format == ListFormat.CSV) {
            this.columns = header(line);
        } else {
            this.first = line;
        }
    }

    /**
     * How much of a list is read: a batch JSON (read whole) at most {@code maxBatchJsonBytes}, and the whole list,
     * decompressed, at most {@code maxListChars}. Blank lines and the skipped rest of long lines cost no memory, but
     * still time to read, and a small compressed object can hold gigabytes of them.
     */
    record Limits(int maxBatchJsonBytes, long maxListChars) {}

    /**
     * Opens the list {@code name} (for messages) read from {@code raw}; {@code field} is the batch field that named
     * it. Refuses a list that holds no line or whose first line is in no accepted format.
     */
    static ListReader open(InputStream raw, String name, String field, ItemParser items, ObjectMapper json,
            Limits limits) throws IOException {
        return new ListReader(raw, name, field, items, json, limits);
    }

    ListFormat format() {
        return format;
    }

    /**
     * For a {@link ListFormat#BATCH_JSON} list: the whole document, parsed by {@code input}, which must refuse one
     * over the list's {@code maxBatchJsonBytes}; no more than that is read.
     */
    JsonNode batchDocument(JsonInput input) throws IOException {
        long maxBytes = maxBatchJsonBytes;
        StringBuilder document = new StringBuilder(first.text()).append('\n').append(chunk, chunkPos,
                chunkEnd - chunkPos);
        int read;
        while (document.length() <= maxBytes && (read = text.read(chunk)) >= 0) {
            document.append(chunk, 0, read);
        }
        try {
            return input.read(document.toString().getBytes(StandardCharsets.UTF_8), name);
        } catch (InvalidJsonException e) {
            throw new InvalidBatchException(field, e.getMessage());
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && format != ListFormat.BATCH_JSON) {
            next = readEntry();
        }
        return next != null;
    }

    @Override
    public ListEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ListEntry entry = next;
        next = null;
        return entry;
    }

    @Override
    public void close() throws IOException {
        text.close();
    }

    private ListEntry readEntry() {
        Line line;
        if (first != null) {
            line = first;
            first = null;
        } else {
            try {
                line = nextMeaningfulLine(format == ListFormat.TEXT, MAX_LINE_CHARS);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not read " + name, e);
            }
        }
        if (line == null) {
            return null;
        }
        if (line.tooLong()) {
            return new ListEntry.Rejected(line.number(), "is longer than " + MAX_LINE_CHARS + " characters");
        }
        String problem = problemOfText(line.text());
        if (problem != null) {
            return new ListEntry.Rejected(line.number(), problem);
        }
        try {
            return new ListEntry.Item(line.number(), items.item(itemNode(line.text()), ""));
        } catch (InvalidBatchException e) {
            String where = e.field() == null ? "" : e.field().replaceFirst("^\\.", "");
            return new ListEntry.Rejected(line.number(), shown(where.isEmpty()
                    ? e.reason()
                    : where + ": " + e
                            .reason()));
        }
    }

    /** The line as an item object, for the item parser to check like any other. */
    private ObjectNode itemNode(String line) {
        return switch (format) {
            case TEXT -> json.createObjectNode().put("url", line);
            case JSON_LINES -> {
                JsonNode node;
                try {
                    node = lineJson.read(line.getBytes(StandardCharsets.UTF_8), "the line");
                } catch (InvalidJsonException e) {
                    throw new InvalidBatchException(null, "is not a JSON object (" + e.getMessage() + ")");
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new InvalidBatchException(null, "must be an item object with a \"url\"");
                }
                yield object;
            }
            case CSV -> csvItem(line);
            case BATCH_JSON -> throw new IllegalStateException("a batch JSON is read whole");
        };
    }

    private ObjectNode csvItem(String line) {
        String[] cells = csvCells(line);
        if (cells.length > columns.length) {
            throw new InvalidBatchException(null, "has " + cells.length + " cells, the header " + columns.length);
        }
        ObjectNode item = json.createObjectNode();
        for (int i = 0; i < cells.length; i++) {
            CsvItems.addCell(item, columns[i], TextNode.valueOf(cells[i]));
        }
        return item;
    }

    /** The CSV header: {@code url}, and optionally {@code key}, {@code sha256} and {@code headers.<Name>}, once each. */
    private String[] header(Line line) {
        String[] names;
        try {
            names = csvCells(line.text());
        } catch (InvalidBatchException e) {
            throw new InvalidBatchException(field, name + " line " + line.number() + " (the CSV header) " + e
                    .reason());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String column = names[i];
            String lower = column.toLowerCase(Locale.ROOT);
            if (FIXED_COLUMNS.contains(lower)) {
                column = lower;
            } else if (!CsvItems.isHeaderColumn(column)) {
                throw new InvalidBatchException(field, name + " has a CSV column '" + shown(column) + "' (line "
                        + line.number() + "); the columns are url, key, sha256 and headers.<Name>");
            }
            if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                throw new InvalidBatchException(field, name + " names the CSV column '" + shown(column) + "' twice");
            }
            names[i] = column;
        }
        return names;
    }

    /**
     * Input quoted in a message, made safe to show: at most {@value #MAX_QUOTED_CHARS} characters, control
     * characters as {@code ?}. A problem quotes what it found, and a hostile line must not make it long or strange.
     */
    static String shown(String text) {
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_QUOTED_CHARS + 1));
        for (int i = 0; i < text.length() && safe.length() < MAX_QUOTED_CHARS; i++) {
            char c = text.charAt(i);
            safe.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
        }
        return text.length() > MAX_QUOTED_CHARS ? safe.append('…').toString() : safe.toString();
    }

    private static String[] csvCells(String line) {
        try {
            return CSV_ROW.readValue(line);
        } catch (JsonProcessingException e) {
            throw new InvalidBatchException(null, "is not a CSV row (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean isItemObject(String line) {
        try {
            return lineJson.read(line.getBytes(StandardCharsets.UTF_8), "the line") instanceof ObjectNode object
                    && object.has("url");
        } catch (InvalidJsonException e) {
            // Not a whole object on one line: the start of a batch JSON.
            return false;
        }
    }

    /** What makes a line not text, or {@code null}: only binary files hold control characters or invalid UTF-8. */
    private static String problemOfText(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\uFFFD') {
                return "is not valid UTF-8";
            }
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return "holds the control character U+%04X at column %d".formatted((int) c, i + 1);
            }
        }
        return null;
    }

    /**
     * The next line that is not blank (nor, when {@code skipComments}, a {@code #} comment), or null at the end;
     * at most {@code limit} characters of it are kept.
     */
    private Line nextMeaningfulLine(boolean skipComments, int limit) throws IOException {
        Line line;
        while ((line = nextLine(limit)) != null) {
            String stripped = line.text().strip();
            if (line.tooLong() || !stripped.isEmpty() && !(skipComments && stripped.startsWith("#"))) {
                return new Line(line.number(), stripped, line.tooLong());
            }
        }
        return null;
    }

    /** The next line without its terminator (LF or CRLF), or null at the end; never more than {@code limit} held. */
    private Line nextLine(int limit) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                if (eof || fill()) {
                    if (line.isEmpty() && !tooLong && eof) {
                        return null;
                    }
                    break;
                }
            }
            char c = chunk[chunkPos++];
            if (c == '\n') {
                break;
            }
            if (line.length() < limit) {
                line.append(c);
            } else {
                tooLong = true;
            }
        }
        lineNumber++;
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
            // Spreadsheets put one in front of the CSV they export.
            line.deleteCharAt(0);
        }
        return new Line(lineNumber, line.toString(), tooLong);
    }

    /** Reads the next chunk; true when the text has ended. */
    private boolean fill() throws IOException {
        int read = text.read(chunk);
        if (read < 0) {
            eof = true;
            return true;
        }
        charsRead += read;
        if (charsRead > maxListChars) {
            throw new InvalidBatchException(field, name + " is longer than " + maxListChars
                    + " characters; split it into several lists");
        }
        chunkPos = 0;
        chunkEnd = read;
        return false;
    }

    private static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
    }

    private record Line(long number, String text, boolean tooLong) {}
}
