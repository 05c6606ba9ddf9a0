package dev.haul.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a copy of deploy.sh in a scratch folder, with stub {@code aws}, {@code sam}, {@code docker}, {@code podman} and
 * a stub build first on PATH. Every stub appends "name args" to one record file, so a test sees each call the script
 * made; {@code aws} answers {@code sts} and {@code describe-stacks} with canned text.
 */
final class ScriptRun {

    static final String ACCOUNT = "123456789012";
    static final String OUTPUTS = "ApiUrl\thttps://abc123.execute-api.eu-west-1.amazonaws.com/\n"
            + "QueueUrl\thttps://sqs.eu-west-1.amazonaws.com/123456789012/s1-BatchQueue\n"
            + "BucketName\ts1-haulbucket-x1\n";

    record Result(int exitCode, String stdout, String stderr, List<String> calls) {

        List<String> plan() {
            return stdout.lines().toList();
        }
    }

    private final Path dir;
    private final Path bin;
    private final Path record;
    private final Map<String, String> env = new HashMap<>(System.getenv());

    ScriptRun(Path scratch) {
        try {
            dir = Files.createDirectories(scratch.resolve("repo"));
            bin = Files.createDirectories(scratch.resolve("bin"));
            record = scratch.resolve("calls.txt");
            Files.copy(Path.of("deploy.sh"), dir.resolve("deploy.sh"));
            Files.createDirectories(dir.resolve("infra"));
            Files.copy(CfnTemplate.FILE, dir.resolve(CfnTemplate.FILE));
            stub("sam", "");
            stub("docker", "");
            stub("podman", "");
            stub("aws", """
                    case "$*" in
                      *sts\\ get-caller-identity*) [ -n "${STUB_STS_FAILS:-}" ] && exit 255; echo %s ;;
                      *cloudformation\\ describe-stacks*) printf '%s' ;;
                    esac
                    """.formatted(ACCOUNT, OUTPUTS.replace("\t", "\\t").replace("\n", "\\n")));
            stub("mvn-stub", "mkdir -p target && : > target/function.zip");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Stream.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "HAUL_MVN").forEach(env::remove);
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    }

    ScriptRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Makes the build a stub that records its arguments and leaves an empty target/function.zip. */
    ScriptRun stubBuild() {
        return env("HAUL_MVN", bin.resolve("mvn-stub").toString());
    }

    /** PATH then holds only a java and the stubs for docker and the build: no aws, no sam. */
    ScriptRun withoutAwsTools() {
        try {
            Path onlyJava = Files.createDirectories(bin.resolveSibling("only-java"));
            String java = ProcessHandle.current().info().command().orElseThrow();
            Files.writeString(onlyJava.resolve("java"), "#!/bin/sh\nexec '" + java + "' \"$@\"\n");
            Files.setPosixFilePermissions(onlyJava.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(bin.resolve("docker"), onlyJava.resolve("docker"));
            env.remove("JAVA_HOME");
            env.put("PATH", onlyJava.toString());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(bash(), "deploy.sh"));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(dir.resolveSibling("stdout.txt").toFile())
                    .redirectError(dir.resolveSibling("stderr.txt").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("HAUL_TEST_RECORD", record.toString());
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("deploy.sh did not finish within 60 s");
            }
            List<String> calls = Files.exists(record) ? Files.readAllLines(record) : List.of();
            return new Result(process.exitValue(), Files.readString(dir.resolveSibling("stdout.txt")),
                    Files.readString(dir.resolveSibling("stderr.txt")), calls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }

    private static String bash() {
        return onPath("bash").orElseThrow(() -> new AssertionError("bash is not on PATH")).toString();
    }

    private void stub(String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"" + name + " $*\" >> \"$HAUL_TEST_RECORD\"\n" + body
                + "\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
