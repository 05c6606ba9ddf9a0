package dev.haul.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The list formats as a user writes them, and what a line that is not an item becomes. */
class ListReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ItemParser ITEMS = new ItemParser(List.of("Accept", "X-*"));
    private static final ListReader.Limits LIMITS = new ListReader.Limits(1024, 1 << 30);
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void text_oneUrlPerLine_commentsAndBlankLinesSkipped_crlfToo() throws IOException {
        List<ListEntry> entries = read("# nightly feed\r\n\r\nhttps://a.example/1.csv\r\n  https://a.example/2.csv  \n"
                + "# done\nhttps://a.example/3.csv");

        assertThat(entries).extracting(ListEntry::line).containsExactly(3L, 4L, 6L);
        assertThat(urls(entries)).containsExactly("https://a.example/1.csv", "https://a.example/2.csv",
                "https://a.example/3.csv");
    }

    @Test
    void csv_withAHeaderRow_readsEveryColumn_quotedCellsToo() throws IOException {
        ListReader list = open("URL,key,sha256,headers.Accept\n"
                + "https://a.example/x?a=1,feeds/x.csv," + SHA.toUpperCase() + ",text/csv\n"
                + "\"https://a.example/y,z\",,,\n"
                + "https://a.example/w\n");
        List<ListEntry> entries = drain(list);

        assertThat(list.format()).isEqualTo(ListFormat.CSV);
        ListEntry.Item first = (ListEntry.Item) entries.get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.item().url().toString()).isEqualTo("https://a.example/x?a=1");
        assertThat(first.item().key()).hasValue("feeds/x.csv");
        assertThat(first.item().sha256()).hasValue(SHA);
        assertThat(first.item().headers()).isEqualTo(Map.of("Accept", "text/csv"));
        assertThat(urls(entries.subList(1, 3))).containsExactly("https://a.example/y,z", "https://a.example/w");
        assertThat(((ListEntry.Item) entries.get(1)).item().key()).isEmpty();
    }

    @Test
    void aProblemQuotesLittleOfTheLine_andNoControlCharacter() throws IOException {
        List<ListEntry> entries = read("{\"url\": \"https://a.example/1\"}\n"
                + "{\"url\": \"" + "a".repeat(5000) + ":x\"}\n"
                + "{\"url\": \"https://a.example/2\", \"\\u0001\\u0002bad\": 1}\n");

        List<String> problems = rejected(entries);
        assertThat(problems).hasSize(2).allSatisfy(problem -> {
            assertThat(problem.length()).isLessThanOrEqualTo(210);
            assertThat(problem.chars().filter(c -> c < 0x20)).isEmpty();
        });
        assertThat(problems.get(1)).startsWith("3: ??bad: unknown field");
    }

    @Test
    void headerColumnsAreReadWhateverTheCaseOfTheirPrefix() throws IOException {
        List<ListEntry> entries = read("URL,Headers.Accept\nhttps://a.example/1,text/csv\n");

        assertThat(((ListEntry.Item) entries.get(0)).item().headers()).isEqualTo(Map.of("Accept", "text/csv"));
    }

    @Test
    void aListLongerThanItsLimit_isRefused_evenWhenItIsAllBlankLines() throws IOException {
        ByteArrayOutputStream newlines = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(newlines)) {
            gzip.write("https://a.example/1\n".getBytes(StandardCharsets.UTF_8));
            gzip.write("\n".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        }
        ListReader list = ListReader.open(new ByteArrayInputStream(newlines.toByteArray()), "bomb.txt.gz",
                "manifestUrl", ITEMS, JSON, new ListReader.Limits(1024, 50_000));

        assertThatThrownBy(() -> drain(list)).isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("bomb.txt.gz is longer than 50000 characters");
        assertThat(newlines.size()).as("the compressed list").isLessThan(1000);
    }

    @Test
    void csvExportedWithAByteOrderMark_isStillCsv() throws IOException {
        ListReader list = open("\uFEFFurl,key\r\nhttps://a.example/1,one.csv\r\n");

        assertThat(list.format()).isEqualTo(ListFormat.CSV);
        assertThat(urls(drain(list))).containsExactly("https://a.example/1");
    }

    @Test
    void badLines_areRejectedWithTheirNumberAndReason_andTheRestIsRead() throws IOException {
        List<ListEntry> entries = read("url,key\n"
                + "https://a.example/1\n"
                + "ftp://a.example/2\n"
                + "https://a.example/3,a,extra\n"
                + "\"https://a.example/4\n"
                + "https://a.example/5,../escape\n"
                + "https://a.example/6\n");

        assertThat(entries.get(0)).isInstanceOf(ListEntry.Item.class);
        assertThat(rejected(entries)).containsExactly(
                "3: url: must be an http or https URL, got 'ftp'",
                "4: has 3 cells, the header 2",
                "5: is not a CSV row (Missing closing quote for value)",
                "6: key: " + KeyRules.problem("../escape").orElseThrow());
        assertThat(entries.get(entries.size() - 1).line()).isEqualTo(7);
        assertThat(urls(entries)).containsExactly("https://a.example/1", "https://a.example/6");
    }

    @Test
    void csvHeader_withAColumnHaulDoesNotKnow_refusesTheList() {
        assertThatThrownBy(() -> open("url,colour\nhttps://a.example/1,red\n"))
                .isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("CSV column 'colour'");
        assertThatThrownBy(() -> open("url,URL\nhttps://a.example/1,x\n"))
                .hasMessageContaining("names the CSV column 'url' twice");
    }

    @Test
    void jsonLines_oneItemPerLine_withBadOnesRejected() throws IOException {
        ListReader list = open("{\"url\": \"https://a.example/1\", \"sha256\": \"" + SHA + "\"}\n"
                + "{\"url\": \"https://a.example/2\", \"kee\": \"x\"}\n"
                + "{\"url\": \"https://a.example/3\"\n"
                + "[\"https://a.example/4\"]\n"
                + "{\"url\": \"https://a.example/5\", \"headers\": {\"Cookie\": \"s=1\"}}\n");
        List<ListEntry> entries = drain(list);

        assertThat(list.format()).isEqualTo(ListFormat.JSON_LINES);
        assertThat(urls(entries)).containsExactly("https://a.example/1");
        assertThat(rejected(entries)).hasSize(4).satisfiesExactly(
                two -> assertThat(two).startsWith("2: kee: unknown field"),
                three -> assertThat(three).startsWith("3: is not a JSON object"),
                four -> assertThat(four).isEqualTo("4: must be an item object with a \"url\""),
                five -> assertThat(five).startsWith("5: headers.Cookie: is not an allowed request header"));
    }

    @Test
    void gzip_isRecognisedByItsContent() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("url\nhttps://a.example/1\nhttps://a.example/2\n".getBytes(StandardCharsets.UTF_8));
        }

        ListReader list = ListReader.open(new ByteArrayInputStream(compressed.toByteArray()), "list.csv.gz",
                "manifestUrl", ITEMS, JSON, LIMITS);

        assertThat(list.format()).isEqualTo(ListFormat.CSV);
        assertThat(urls(drain(list))).containsExactly("https://a.example/1", "https://a.example/2");
    }

    @Test
    void aLineTooLongOrNotText_isRejected_andReadingGoesOn() throws IOException {
        byte[] head = ("https://a.example/1\nhttps://a.example/" + "x".repeat(ListReader.MAX_LINE_CHARS) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {'h', 't', 't', 'p', (byte) 0xff, '\n'};
        byte[] tail = "https://a.example/\u0000\nhttps://a.example/4\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(head);
        all.write(notUtf8);
        all.write(tail);

        List<ListEntry> entries = drain(ListReader.open(new ByteArrayInputStream(all.toByteArray()), "list.txt",
                "manifestUrl", ITEMS, JSON, LIMITS));

        assertThat(rejected(entries)).containsExactly("2: is longer than " + ListReader.MAX_LINE_CHARS
                + " characters", "3: is not valid UTF-8", "4: holds the control character U+0000 at column 19");
        assertThat(urls(entries)).containsExactly("https://a.example/1", "https://a.example/4");
    }

    @Test
    void aBatchJson_isToldApart_evenOnOneLine() throws IOException {
        ListReader pretty = open("{\n  \"urls\": [\"https://a.example/1\"]\n}\n");
        ListReader oneLine = open("{\"items\": [{\"url\": \"https://a.example/1\"}]}");

        assertThat(pretty.format()).isEqualTo(ListFormat.BATCH_JSON);
        assertThat(pretty.batchDocument(new JsonInput(1024)).get("urls").get(0).asText())
                .isEqualTo("https://a.example/1");
        assertThat(oneLine.format()).isEqualTo(ListFormat.BATCH_JSON);
        String manyUrls = "{\"urls\": [" + "\"https://a.example/long-enough-to-fill\", ".repeat(2000)
                + "\"https://a.example/last\"]}";
        ListReader longLine = ListReader.open(new ByteArrayInputStream(manyUrls.getBytes(StandardCharsets.UTF_8)),
                "list.json", "manifestUrl", ITEMS, JSON, new ListReader.Limits(1024 * 1024, 1 << 30));
        assertThat(manyUrls.length()).isGreaterThan(ListReader.MAX_LINE_CHARS);
        assertThat(longLine.batchDocument(new JsonInput(1024 * 1024)).get("urls")).hasSize(2001);
        assertThatThrownBy(() -> open("{\"urls\": [\"" + "x".repeat(2000) + "\"]}").batchDocument(
                new JsonInput(1024))).hasMessageContaining("larger than the limit of 1024 bytes");
    }

    @Test
    void aListInNoFormatAtAll_isRefusedWhole() {
        assertThatThrownBy(() -> ListReader.open(new ByteArrayInputStream(new byte[]{(byte) 0x89, 'P', 'N', 'G',
                0x0d, 0x0a, 0x1a, 0x0a, 0, 0}), "image.png", "manifestUrl", ITEMS, JSON, LIMITS))
                .isInstanceOf(InvalidBatchException.class)
                .hasMessageContaining("image.png is not a URL list (line 1 is not valid UTF-8)");
        assertThatThrownBy(() -> open("\n# only a comment\n")).hasMessageContaining("holds no URL");
    }

    private static ListReader open(String text) throws IOException {
        return ListReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "list",
                "manifestUrl", ITEMS, JSON, LIMITS);
    }

    private static List<ListEntry> read(String text) throws IOException {
        return drain(open(text));
    }

    private static List<ListEntry> drain(ListReader list) throws IOException {
        List<ListEntry> entries = new ArrayList<>();
        try (list) {
            list.forEachRemaining(entries::add);
        }
        return entries;
    }

    private static List<String> urls(List<ListEntry> entries) {
        return entries.stream().filter(ListEntry.Item.class::isInstance)
                .map(entry -> ((ListEntry.Item) entry).item().url().toString()).toList();
    }

    private static List<String> rejected(List<ListEntry> entries) {
        return entries.stream().filter(ListEntry.Rejected.class::isInstance)
                .map(entry -> entry.line() + ": " + ((ListEntry.Rejected) entry).problem()).toList();
    }
}
