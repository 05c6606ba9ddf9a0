package dev.haul.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * Removes the part files a Haul process left in its spool directory when it died mid-transfer (killed, out of memory,
 * a Lambda timeout: {@code /tmp} outlives the process). Only Haul's own part files go, named
 * {@code <random UUID>.part<n>} as {@link SpoolDirectory#newTransferStem()} and {@link PartSpooler} name them, and only
 * regular files directly in the directory: nothing else there, no link, no subfolder, nothing outside it.
 */
final class LeftoverSpoolFiles {

    private static final Logger LOG = Logger.getLogger(LeftoverSpoolFiles.class);

    static final Pattern PART_FILE = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.part[0-9]+");

    /** What was removed. */
    record Reclaimed(int files, long bytes) {}

    private LeftoverSpoolFiles() {}

    /** Deletes Haul's part files directly in {@code root}; a file that cannot be deleted is logged and left. */
    static Reclaimed removeFrom(Path root) {
        int files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, LeftoverSpoolFiles::isPartFile)) {
            for (Path file : entries) {
                try {
                    long size = Files.size(file);
                    if (Files.deleteIfExists(file)) {
                        files++;
                        bytes += size;
                    }
                } catch (IOException e) {
                    LOG.warnf("could not delete the leftover spool file %s: %s", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spool directory " + root, e);
        }
        return new Reclaimed(files, bytes);
    }

    private static boolean isPartFile(Path entry) {
        return PART_FILE.matcher(entry.getFileName().toString()).matches()
                && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS);
    }
}
