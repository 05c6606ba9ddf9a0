package dev.haul.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mvnw} looked for the Maven distribution it had just fetched in the default local repository, so it failed
 * for anyone whose repository is elsewhere ({@code localRepository} in settings.xml, {@code -Dmaven.repo.local}). The
 * wrapper runs here with a fresh {@code MAVEN_USER_HOME}, a local repository under another path and
 * {@code -Dmaven.repo.local} in {@code MAVEN_OPTS}, offline (a {@code .mvn/maven.config} of {@code -o} in its working
 * folder), so nothing leaves the machine: the distribution comes from the repository this build already uses.
 */
class MavenWrapperTest {

    private static final String VERSION = "3.9.11";

    @Test
    void wrapper_findsTheDistribution_whereverTheLocalRepositoryIs(@TempDir Path scratch) throws Exception {
        Path realRepository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path zip = realRepository.resolve("org/apache/maven/apache-maven/" + VERSION + "/apache-maven-" + VERSION
                + "-bin.zip");
        assumeTrue(Files.isRegularFile(zip), "the Maven distribution is not in " + realRepository);
        Path repository = Files.createSymbolicLink(scratch.resolve("elsewhere-repository"), realRepository);
        Path userHome = Files.createDirectories(scratch.resolve("maven-user-home"));
        Path work = Files.createDirectories(scratch.resolve("work/.mvn")).getParent();
        Files.writeString(work.resolve(".mvn/maven.config"), "-o\n");
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("mvn"), installedMaven());

        ProcessBuilder wrapper = new ProcessBuilder("sh", Path.of("mvnw").toAbsolutePath().toString(), "-v")
                .directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = wrapper.environment();
        env.put("MAVEN_USER_HOME", userHome.toString());
        env.put("MAVEN_OPTS", "-Dmaven.repo.local=" + repository);
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = wrapper.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Apache Maven " + VERSION);
        assertThat(userHome.resolve("wrapper/dists/apache-maven-" + VERSION + "/bin/mvn")).isExecutable();
    }

    /** A Maven to fetch the distribution with: the system's, else the one this build runs on (its wrapper's). */
    private static Path installedMaven() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path mvn = Path.of(dir.isEmpty() ? "." : dir, "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn.toRealPath();
            }
        }
        Path dists = Path.of(System.getProperty("user.home"), ".m2", "wrapper", "dists");
        try (Stream<Path> found = Files.list(dists)) {
            return found.map(dist -> dist.resolve("bin/mvn")).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IOException("no Maven on PATH nor in " + dists));
        }
    }
}
