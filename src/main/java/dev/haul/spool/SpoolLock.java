package dev.haul.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jboss.logging.Logger;

/**
 * Tells whether this is the only Haul process using a spool directory, through an OS file lock on
 * {@code <directory>.lock} beside it (inside, it would be one more file in the spool). Every process holds a shared
 * lock for as long as it runs; a starting process that can take the lock exclusively knows no other one is alive, so
 * whatever part files are in the directory are leftovers. The OS drops a process's locks when it dies, however it
 * dies, so a killed worker never keeps its successor from cleaning.
 */
final class SpoolLock implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SpoolLock.class);

    private final FileChannel channel;

    private SpoolLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Runs {@code ifAlone} while holding the lock exclusively, if no other process holds it, then holds it shared
     * until {@link #close()}. Trouble with the lock file costs only the clean-up, never the start.
     */
    static SpoolLock claim(Path root, Runnable ifAlone) {
        Path lockFile = root.resolveSibling(root.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warnf("cannot open %s (%s): leftover spool files are not removed", lockFile, e.getMessage());
            return new SpoolLock(null);
        }
        try {
            FileLock exclusive = channel.tryLock();
            if (exclusive != null) {
                try {
                    ifAlone.run();
                } finally {
                    exclusive.release();
                }
            } else {
                LOG.infof("another Haul process uses %s: leftover spool files stay until one starts alone", root);
            }
            // Waits at most for another process's clean-up, which holds the lock exclusively.
            channel.lock(0, Long.MAX_VALUE, true);
        } catch (IOException | OverlappingFileLockException e) {
            // Overlapping: an earlier application in this same JVM still holds it (tests restart the application).
            LOG.debugf("spool lock %s not taken: %s", lockFile, e);
        }
        return new SpoolLock(channel);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debugf("closing the spool lock: %s", e.getMessage());
            }
        }
    }
}
