package dev.haul.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.haul.config.HaulConfig;

/**
 * The folder bodies are spooled to: {@code haul.spool.dir}, else {@code /tmp/haul} on Lambda (the only writable
 * place there), else {@code .haul/spool} under the working directory.
 */
@ApplicationScoped
public class SpoolDirectory {

    private final Path root;

    public SpoolDirectory(HaulConfig config) {
        this.root = config.spool().dir().orElseGet(SpoolDirectory::defaultRoot).toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the spool directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** A fresh, unique file name stem for one transfer's parts. */
    public Path newTransferStem() {
        return root.resolve(UUID.randomUUID().toString());
    }

    private static Path defaultRoot() {
        return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? Path.of("/tmp/haul") : Path.of(".haul", "spool");
    }
}
