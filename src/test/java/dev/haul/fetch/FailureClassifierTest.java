package dev.haul.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.haul.model.FailureKind;
import dev.haul.model.TransferException;

/** What the HTTP stack says becomes a failure kind, and never carries a header value on into a report or a log. */
class FailureClassifierTest {

    @Test
    void headerValueQuotedByTheHttpClient_isCutOutOfTheMessage() {
        IllegalArgumentException quoted = new IllegalArgumentException(
                "a header value contains prohibited character 0xb: Bearer s3cr3t\u000bx");

        TransferException failure = FailureClassifier.classify(new RuntimeException(quoted),
                List.of("Bearer s3cr3t\u000bx", "1"));

        assertThat(failure.getMessage()).doesNotContain("s3cr3t").contains("<header value>");
    }

    @Test
    void shortValues_areLeftAlone_soMessagesStayReadable() {
        TransferException failure = FailureClassifier.classify(new IOException("connection reset by peer"),
                List.of("re"));

        assertThat(failure.getMessage()).isEqualTo("connection lost: connection reset by peer");
        assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION_LOST);
    }

    @Test
    void connectFailure_isConnect() {
        assertThat(FailureClassifier.classify(new ConnectException("Connection refused")).kind())
                .isEqualTo(FailureKind.CONNECT);
    }
}
