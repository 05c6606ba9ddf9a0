package dev.haul.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.haul.support.TestServers;

/** Part files a dead Haul process left in the spool directory are gone once Haul has started; other files stay. */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(LeftoverSpoolAtStartTest.OwnSpool.class)
class LeftoverSpoolAtStartTest {

    static final Path SPOOL = Path.of("target/leftover-spool-test");
    static final Path LEFT_PART = SPOOL.resolve(UUID.randomUUID() + ".part3");
    static final Path NOT_HAULS = SPOOL.resolve("keep-me.txt");

    @Test
    void partFilesLeftBeforeStart_areRemoved_andOtherFilesStay() {
        assertThat(LEFT_PART).doesNotExist();
        assertThat(NOT_HAULS).exists();
    }

    /** A spool directory of this test's own, so that its leftovers are in place before Haul starts. */
    public static class OwnSpool implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DeadWorkersFiles.class));
        }
    }

    /** Plays the worker that died mid-transfer: leaves a part file (and a file that is not Haul's) behind. */
    public static class DeadWorkersFiles implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Files.createDirectories(SPOOL);
                Files.write(LEFT_PART, new byte[4096]);
                Files.writeString(NOT_HAULS, "someone else's");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("haul.spool.dir", SPOOL.toString());
        }

        @Override
        public void stop() {
            // The folder is under target/ and rewritten by the next run.
        }
    }
}
