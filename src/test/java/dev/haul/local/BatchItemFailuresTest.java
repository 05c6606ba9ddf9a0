package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The poller reads a worker's answer as Lambda's event source mapping reads it with ReportBatchItemFailures: what
 * counts as a complete success, which messages a partial failure keeps, and which answers fail the whole batch.
 */
class BatchItemFailuresTest {

    private static final List<String> BATCH = List.of("m-1", "m-2", "m-3");

    @ParameterizedTest(name = "{0} -> keep [{1}]")
    @CsvSource(delimiter = '|', value = {
            "''|''",
            "null|''",
            "{}|''",
            "{\"batchItemFailures\": null}|''",
            "{\"batchItemFailures\": []}|''",
            "{\"batchItemFailures\": [{\"itemIdentifier\": \"m-2\"}]}|m-2",
            "{\"batchItemFailures\": [{\"itemIdentifier\": \"m-3\"}, {\"itemIdentifier\": \"m-1\"}]}|m-1 m-3",
            "{\"batchItemFailures\": [{\"itemIdentifier\": \"\"}]}|m-1 m-2 m-3",
            "{\"batchItemFailures\": [{\"itemIdentifier\": null}]}|m-1 m-2 m-3",
            "{\"batchItemFailures\": [{\"id\": \"m-1\"}]}|m-1 m-2 m-3",
            "{\"batchItemFailures\": [{\"itemIdentifier\": \"m-9\"}]}|m-1 m-2 m-3",
            "{\"batchItemFailures\": \"m-1\"}|m-1 m-2 m-3",
            "not json|m-1 m-2 m-3"})
    void answer_keepsTheMessagesLambdaWouldReceiveAgain(String answer, String kept) {
        assertThat(BatchItemFailures.toKeep(new ObjectMapper(), answer.getBytes(StandardCharsets.UTF_8), BATCH))
                .containsExactlyInAnyOrder(kept.isEmpty() ? new String[0] : kept.split(" "));
    }
}
