package dev.haul.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.support.FaultyOrigin;
import dev.haul.support.S3Inspector;
import dev.haul.support.TestServers;

/**
 * {@code haul-local --invocations K}, the benchmark's warm row: the packaged function started once and handed the same
 * batch K times, as Lambda hands a warm execution environment one invocation after another. Each invocation stores
 * into a prefix of its own, so none finds another's objects and skips them, and the run says what each cost the
 * function process, in the form {@code bench/run} reads.
 */
class WarmInvocationsIT {

    private static final String BUCKET = "haul-warm-it";
    private static final Path WORK = Path.of("target", "warm-it").toAbsolutePath();
    private static final Pattern INVOCATION = Pattern.compile(
            "haul-local: invocation (\\d+) of 3: ([0-9.]+) s wall, ([0-9.]+) s CPU \\(hand-out to answer\\)");

    @Test
    void oneFunctionProcess_takesTheBatchThreeTimes_eachIntoItsOwnPrefix_andReportsEachInvocationsCost()
            throws Exception {
        Path project = Path.of("").toAbsolutePath();
        BulkIT.deleteTree(WORK);
        try (FaultyOrigin origin = new FaultyOrigin();
                S3MockServer s3 = S3MockServer.start(project, WORK.resolve("s3"), List.of(BUCKET), false,
                        WORK.resolve("s3mock.log"));
                S3AsyncClient s3Client = TestServers.s3ClientTo(s3.endpoint()).build()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Map<String, String> env = Map.of("JAVA_OPTS", "-Xmx256m", "AWS_ACCESS_KEY_ID", "test",
                    "AWS_SECRET_ACCESS_KEY", "test-secret", "HAUL_STORE_PREFIX", "warm");

            int code = new LocalRun(project, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[]{"--endpoint",
                            s3.endpoint().toString(), "--bucket", BUCKET, "--json", "--invocations", "3",
                            origin.url("/ok/a/70000"), origin.url("/ok/b/1000")});

            String log = err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(log).isEqualTo(LocalRun.ALL_STORED);
            S3Inspector bucket = new S3Inspector(s3Client, BUCKET);
            for (int i = 1; i <= 3; i++) {
                assertThat(bucket.keys("warm/invocation-" + i + "/")).as("invocation " + i).hasSize(2);
            }
            assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("{")))
                    .as("one report per invocation").hasSize(3)
                    .allSatisfy(report -> assertThat(report).contains("\"stored\""));
            Matcher invocations = INVOCATION.matcher(log);
            int seen = 0;
            while (invocations.find()) {
                seen++;
                assertThat(Integer.parseInt(invocations.group(1))).isEqualTo(seen);
                assertThat(Double.parseDouble(invocations.group(3))).as("CPU of the function process").isPositive();
            }
            assertThat(seen).as(log).isEqualTo(3);
            assertThat(log).containsPattern("haul-local: function init: [0-9.]+ s wall, [0-9.]+ s CPU")
                    .containsPattern("haul-local: function peak RSS: \\d+ KiB");
        }
    }
}
