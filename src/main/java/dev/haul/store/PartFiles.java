package dev.haul.store;

import dev.haul.spool.SpooledPart;
import java.io.IOException;
import java.nio.file.Files;
import org.jboss.logging.Logger;

/** Deletes a part's spool file once S3 is done with it, successful or not. */
final class PartFiles {

    private static final Logger LOG = Logger.getLogger(PartFiles.class);

    private PartFiles() {}

    /** Deletes a part's spool file once S3 is done with it, successful or not, and frees its room on disk. */
    static void delete(SpooledPart part) {
        try {
            Files.deleteIfExists(part.file());
        } catch (IOException e) {
            LOG.warnf("could not delete spool file %s: %s", part.file(), e.getMessage());
        }
        part.reservation().release();
    }
}
