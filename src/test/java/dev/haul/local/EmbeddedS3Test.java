package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a later local run trusts of the record a {@code --keep-running} run left: only a live S3Mock started for that
 * very endpoint. Anything else (a process gone, a pid now someone else's) is forgotten, and never stopped.
 */
class EmbeddedS3Test {

    @Test
    void recordOfAProcessThatIsNotThatS3Mock_isForgotten_andNothingIsStopped(@TempDir Path project) throws Exception {
        EmbeddedS3 embedded = new EmbeddedS3(project);
        // This test's own JVM: alive, but not an S3Mock listening on that port.
        embedded.record(URI.create("http://127.0.0.1:1"), ProcessHandle.current().pid());

        assertThat(embedded.running()).isEmpty();
        assertThat(project.resolve(EmbeddedS3.STATE)).doesNotExist();
        assertThat(embedded.stop()).isFalse();
    }

    @Test
    void recordOfAProcessThatHasEnded_isForgotten(@TempDir Path project) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        EmbeddedS3 embedded = new EmbeddedS3(project);
        embedded.record(URI.create("http://127.0.0.1:1"), ended.pid());

        assertThat(embedded.running()).isEmpty();
        assertThat(embedded.stop()).isFalse();
    }

    @Test
    void unreadableRecord_isForgotten(@TempDir Path project) throws Exception {
        Files.createDirectories(project.resolve(EmbeddedS3.STATE).getParent());
        Files.writeString(project.resolve(EmbeddedS3.STATE), "endpoint=::not a uri\npid=x\n");

        assertThat(new EmbeddedS3(project).running()).isEmpty();
        assertThat(project.resolve(EmbeddedS3.STATE)).doesNotExist();
    }
}
