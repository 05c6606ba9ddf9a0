package dev.haul.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Finds Haul's packaged JVM artifact: the runner jar the Lambda extension builds (the legacy jar layout, whose manifest
 * lists {@code lib/}, is what goes into function.zip). Quarkus records the file it built in
 * {@code target/quarkus-artifact.properties}. A fast-jar {@code quarkus-run.jar} cannot serve: it loads the
 * application through its own class loader, so the handler cannot be put on a plain classpath.
 */
public final class HaulArtifact {

    private HaulArtifact() {}

    static Path locate(Path projectDir) throws IOException {
        Path target = projectDir.resolve("target");
        Path recorded = target.resolve("quarkus-artifact.properties");
        if (!Files.isRegularFile(recorded)) {
            throw new NoSuchFileException(recorded.toString(), null,
                    "Haul is not packaged; run ./mvnw package -DskipTests first");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(recorded, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        String path = properties.getProperty("path", "");
        if (!path.endsWith("-runner.jar")) {
            throw new IOException("Haul's package is " + path + ", not the Lambda runner jar this run needs");
        }
        Path jar = target.resolve(path);
        if (!Files.isRegularFile(jar)) {
            throw new NoSuchFileException(jar.toString(), null, "Haul's package is missing; run ./mvnw package");
        }
        return jar;
    }
}
