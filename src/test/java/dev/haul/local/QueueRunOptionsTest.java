package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** {@code --queue} and its settings on the command line: defaults, the visibility that follows the budget, misuse. */
class QueueRunOptionsTest {

    @Test
    void queue_withoutSettings_hasThreeWorkersBatchesOfTenAReceiveLimitOfThreeAndTheBudgetAsVisibility()
            throws UsageException {
        RunOptions options = RunOptions.parse(new String[]{"--queue", "--budget", "2m", "http://a.example/x"});

        assertThat(options.queue()).isEqualTo(new RunOptions.QueueOptions(3, 10, 3, Duration.ofMinutes(2)));
    }

    @Test
    void queueSettings_areTakenAsGiven() throws UsageException {
        RunOptions options = RunOptions.parse(new String[]{"--queue", "--workers", "5", "--batch-size", "1",
                "--receive-limit", "2", "--visibility", "90s", "--manifest", "s3://haul/lists/a.txt"});

        assertThat(options.queue()).isEqualTo(new RunOptions.QueueOptions(5, 1, 2, Duration.ofSeconds(90)));
        assertThat(options.manifest()).isEqualTo("s3://haul/lists/a.txt");
    }

    @Test
    void queueSettings_withoutQueue_batchSizeOverTen_orAManifestBesideUrls_areRefused() {
        assertThatThrownBy(() -> RunOptions.parse(new String[]{"--workers", "2", "http://a.example/x"}))
                .hasMessageContaining("--queue only");
        assertThatThrownBy(() -> RunOptions.parse(new String[]{"--queue", "--batch-size", "11", "http://a/x"}))
                .hasMessageContaining("1 to 10");
        assertThatThrownBy(() -> RunOptions.parse(new String[]{"--manifest", "s3://b/k", "http://a.example/x"}))
                .hasMessageContaining("one of");
        assertThatThrownBy(() -> RunOptions.parse(new String[]{"--manifest", "https://b/k"}))
                .hasMessageContaining("s3://bucket/key");
    }
}
