package dev.haul.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.haul.model.BatchPart;
import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;
import dev.haul.support.TestServers;

/**
 * A part travels in a queue message as a batch document ({@link BatchJson}): whatever a caller gave for an item must
 * come out of the message as it went in, or a fanned-out batch would run other items than the one submitted.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class QueueMessageFormatTest {

    @Inject
    BatchParser parser;

    @Inject
    ObjectMapper json;

    @Inject
    BatchQueue queue;

    @Test
    void aListsRejectedLines_whenMoreThanAMessageHolds_areSummedUp_andEveryMessageStaysWithinTheLimit()
            throws Exception {
        List<FetchItem> items = IntStream.range(0, 20).mapToObj(i -> new FetchItem(URI.create(
                "https://files.example/" + i), Optional.empty(), Map.of())).toList();
        List<RejectedLine> rejected = IntStream.range(0, 200).mapToObj(i -> new RejectedLine(i + 100L,
                "url: must be an http or https URL, got 'gopher'")).toList();
        BatchRequest batch = new BatchRequest("many-bad", items, BatchOptions.NONE, BatchPart.WHOLE, rejected);

        List<BatchRequest> parts = queue.split(batch);

        for (BatchRequest part : parts) {
            assertThat(json.writeValueAsBytes(BatchJson.write(json, part)).length).as("message bytes")
                    .isLessThanOrEqualTo(1500);
        }
        assertThat(parts.stream().mapToInt(part -> part.items().size()).sum()).isEqualTo(20);
        List<RejectedLine> carried = parts.get(0).rejectedLines();
        assertThat(carried.get(carried.size() - 1).problem()).startsWith("and " + (200 - carried.size() + 1)
                + " more lines of the list");
        assertThat(parts.subList(1, parts.size())).allSatisfy(part -> assertThat(part.rejectedLines()).isEmpty());
    }

    @Test
    void everyFieldOfAnItem_theBatchOptions_andTheListsRejectedLines_surviveTheQueueMessage() throws Exception {
        BatchRequest submitted = parser.parse(json.readTree("""
                {"batchId": "nightly-7",
                 "items": [
                   {"url": "https://files.example/a.csv", "key": "feeds/a.csv",
                    "headers": {"Accept": "text/csv", "User-Agent": "mirror/1"},
                    "sha256": "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"},
                   {"url": "https://files.example/b.csv"}],
                 "options": {"prefix": "partners", "maxBytes": 1000, "overwrite": true},
                 "part": {"index": 2, "count": 5},
                 "rejectedLines": [{"line": 17, "problem": "url: must be an http or https URL, got 'ftp'"}]}
                """));

        BatchRequest received = parser.parse(json.readTree(json.writeValueAsString(BatchJson.write(json,
                submitted))));

        assertThat(received).isEqualTo(submitted);
        assertThat(received.items().get(0).sha256()).as("kept in lower case, as reports show it")
                .hasValue("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }
}
