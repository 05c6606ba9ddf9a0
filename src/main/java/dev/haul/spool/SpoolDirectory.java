package dev.haul.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import dev.haul.config.HaulConfig;

/**
 * The folder bodies are spooled to: {@code haul.spool.dir}, else {@code /tmp/haul} on Lambda (the only writable
 * place there), else {@code .haul/spool} under the working directory.
 *
 * <p>Made when Haul starts, which is when the part files a dead process left there are removed (see
 * {@link LeftoverSpoolFiles}): on Lambda, {@code /tmp} outlives a process the runtime restarts. That is only safe while
 * no other Haul process spools into the same folder, so it happens only when {@link SpoolLock} says this process is
 * the only one; several processes sharing a folder keep their leftovers until one starts alone.
 */
@Startup
@ApplicationScoped
public class SpoolDirectory {

    private static final Logger LOG = Logger.getLogger(SpoolDirectory.class);

    private final Path root;
    private final SpoolLock lock;

    public SpoolDirectory(HaulConfig config) {
        this.root = config.spool().dir().orElseGet(SpoolDirectory::defaultRoot).toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the spool directory " + root, e);
        }
        this.lock = SpoolLock.claim(root, this::removeLeftovers);
    }

    public Path root() {
        return root;
    }

    /** A fresh, unique file name stem for one transfer's parts. */
    public Path newTransferStem() {
        return root.resolve(UUID.randomUUID().toString());
    }

    private void removeLeftovers() {
        LeftoverSpoolFiles.Reclaimed reclaimed = LeftoverSpoolFiles.removeFrom(root);
        if (reclaimed.files() > 0) {
            LOG.infof("removed %d part file(s), %d bytes, left in %s by a Haul process that ended mid-transfer",
                    reclaimed.files(), reclaimed.bytes(), root);
        }
    }

    @PreDestroy
    void release() {
        lock.close();
    }

    private static Path defaultRoot() {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? Path.of("/tmp/haul") : Path.of(".haul", "spool");
    }
}
