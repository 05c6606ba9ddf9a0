package dev.haul.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only Haul's own part files, directly in the spool directory, are removed at start-up; everything else stays. */
class LeftoverSpoolFilesTest {

    @TempDir
    Path dir;

    @Test
    void partFiles_areRemoved_andCounted() throws IOException {
        String stem = UUID.randomUUID().toString();
        Path first = write(dir.resolve(stem + ".part1"), 1000);
        Path second = write(dir.resolve(stem + ".part2"), 24);

        LeftoverSpoolFiles.Reclaimed reclaimed = LeftoverSpoolFiles.removeFrom(dir);

        assertThat(reclaimed).isEqualTo(new LeftoverSpoolFiles.Reclaimed(2, 1024));
        assertThat(first).doesNotExist();
        assertThat(second).doesNotExist();
    }

    @Test
    void otherFiles_subfolders_andLinks_stay() throws IOException {
        String stem = UUID.randomUUID().toString();
        Path notOurs = write(dir.resolve("notes.txt"), 10);
        Path almost = write(dir.resolve(stem + ".part"), 10);
        Path upperCase = write(dir.resolve(stem.toUpperCase() + ".part1"), 10);
        Path folder = Files.createDirectories(dir.resolve(UUID.randomUUID() + ".part1"));
        Path nested = write(Files.createDirectories(dir.resolve("sub")).resolve(stem + ".part1"), 10);
        Path outside = write(Files.createTempFile("outside-the-spool", ".bin"), 10);
        Path link = Files.createSymbolicLink(dir.resolve(UUID.randomUUID() + ".part1"), outside);
        try {
            LeftoverSpoolFiles.Reclaimed reclaimed = LeftoverSpoolFiles.removeFrom(dir);

            assertThat(reclaimed.files()).isZero();
            assertThat(notOurs).exists();
            assertThat(almost).exists();
            assertThat(upperCase).exists();
            assertThat(folder).isDirectory();
            assertThat(nested).exists();
            assertThat(link).isSymbolicLink();
            assertThat(outside).exists();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void spoolDirectoryNames_matchWhatTheSpoolerWrites() {
        Path stem = Path.of("/spool").resolve(UUID.randomUUID().toString());
        // As PartSpooler names a transfer's parts: the stem, then ".part" and the part number.
        String partFile = stem.getFileName() + ".part" + 12;

        assertThat(LeftoverSpoolFiles.PART_FILE.matcher(partFile).matches()).isTrue();
    }

    private static Path write(Path file, int size) throws IOException {
        return Files.write(file, new byte[size]);
    }
}
