package dev.haul.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.haul.infra.ScriptRun.Result;

/** Runs deploy.sh against stub aws/sam/docker commands: nothing here reaches AWS or builds anything. */
class DeployScriptTest {

    private static final String DEPLOY_FLAGS = "--capabilities CAPABILITY_IAM --resolve-s3 --no-confirm-changeset"
            + " --no-fail-on-empty-changeset";
    private static final String OUTPUTS_QUERY = "\"Stacks[0].Outputs[?OutputKey=='ApiUrl'||OutputKey=='QueueUrl'"
            + "||OutputKey=='BucketName'].[OutputKey,OutputValue]\"";

    @TempDir
    Path scratch;

    @Test
    void dryRun_jvmArm64_printsTheBuildAndDeployPlan_andCallsNothing() {
        Result result = new ScriptRun(scratch).run("--jvm", "--arch", "arm64", "--stack", "s1", "--region", "eu-west-1",
                "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.calls()).as("commands run in a dry run").isEmpty();
        assertThat(result.plan()).containsExactly(
                "+ ./mvnw -B package -DskipTests",
                "+ sam deploy --template-file infra/template.yaml --stack-name s1 --region eu-west-1 " + DEPLOY_FLAGS
                        + " --parameter-overrides Runtime=jvm Architecture=arm64",
                "+ aws cloudformation describe-stacks --stack-name s1 --region eu-west-1 --query " + OUTPUTS_QUERY
                        + " --output text");
        assertThat(result.stderr()).contains("skipping the credential check");
    }

    @Test
    void dryRun_withNoFlags_buildsNativeForX86_andDeploysStackHaulToUsEast1() {
        Result result = new ScriptRun(scratch).run("--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.calls()).isEmpty();
        assertThat(result.plan()).hasSize(3).allMatch(line -> line.startsWith("+ "));
        assertThat(result.plan().get(0)).isEqualTo(
                "+ ./mvnw -B package -DskipTests -Dnative -Dquarkus.native.container-build=true");
        assertThat(result.plan().get(1)).isEqualTo("+ sam deploy --template-file infra/template.yaml --stack-name haul"
                + " --region us-east-1 " + DEPLOY_FLAGS + " --parameter-overrides Runtime=native Architecture=x86_64");
    }

    @Test
    void dryRun_nativeArm64_buildsForLinuxArm64_inTheRegionFromTheEnvironment() {
        Result result = new ScriptRun(scratch).env("AWS_DEFAULT_REGION", "ap-south-1").run("--arch", "arm64",
                "--dry-run");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.calls()).isEmpty();
        assertThat(result.plan().get(0)).isEqualTo("+ ./mvnw -B package -DskipTests -Dnative"
                + " -Dquarkus.native.container-build=true -Dquarkus.native.container-runtime-options=--platform=linux/arm64");
        assertThat(result.plan().get(1)).contains("--region ap-south-1", "Runtime=native Architecture=arm64");
    }

    @Test
    void unknownFlag_exitsWith2_andPrintsUsage_withoutCallingAnything() {
        Result result = new ScriptRun(scratch).run("--dry-run", "--frobnicate");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("unknown option: --frobnicate", "Usage: ./deploy.sh");
        assertThat(result.stdout()).isEmpty();
        assertThat(result.calls()).isEmpty();
    }

    @Test
    void wrongArchitectureOrMissingValue_exitsWith2() {
        assertThat(new ScriptRun(scratch.resolve("a")).run("--arch", "sparc").exitCode()).isEqualTo(2);
        assertThat(new ScriptRun(scratch.resolve("b")).run("--stack").exitCode()).isEqualTo(2);
    }

    @Test
    void realRun_jvm_checksCredentials_builds_deploys_andPrintsTheStackOutputs() {
        Result result = new ScriptRun(scratch).stubBuild().run("--jvm", "--stack", "s1", "--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.calls()).containsExactly(
                "aws sts get-caller-identity --region eu-west-1 --query Account --output text",
                "mvn-stub -B package -DskipTests",
                "sam deploy --template-file infra/template.yaml --stack-name s1 --region eu-west-1 " + DEPLOY_FLAGS
                        + " --parameter-overrides Runtime=jvm Architecture=x86_64",
                "aws cloudformation describe-stacks --stack-name s1 --region eu-west-1 --query "
                        + OUTPUTS_QUERY.replace("\"", "") + " --output text");
        assertThat(result.stderr()).contains(ScriptRun.ACCOUNT);
        assertThat(result.stdout()).contains(
                "ApiUrl      https://abc123.execute-api.eu-west-1.amazonaws.com/",
                "QueueUrl    https://sqs.eu-west-1.amazonaws.com/123456789012/s1-BatchQueue",
                "BucketName  s1-haulbucket-x1");
    }

    @Test
    void realRun_native_asksTheContainerEngineBeforeBuilding() {
        Result result = new ScriptRun(scratch).stubBuild().run("--region", "eu-west-1");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.calls()).hasSize(5);
        assertThat(result.calls().get(1)).isEqualTo("docker info");
        assertThat(result.calls().get(2)).isEqualTo(
                "mvn-stub -B package -DskipTests -Dnative -Dquarkus.native.container-build=true");
        assertThat(result.calls().get(3)).contains("--stack-name haul", "Runtime=native Architecture=x86_64");
    }

    @Test
    void realRun_withoutCredentials_stopsBeforeBuilding() {
        Result result = new ScriptRun(scratch).stubBuild().env("STUB_STS_FAILS", "1").run("--jvm");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("no usable AWS credentials");
        assertThat(result.calls()).singleElement().asString().startsWith("aws sts get-caller-identity");
    }

    @Test
    void realRun_withoutSamAndAws_namesBothMissingTools_andCallsNothing() {
        Result result = new ScriptRun(scratch).stubBuild().withoutAwsTools().run("--jvm");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("the AWS SAM CLI ('sam')", "the AWS CLI ('aws')").doesNotContain(
                "Java 17");
        assertThat(result.calls()).isEmpty();
    }

    /** In CI (where .ci/run installs shellcheck) a missing shellcheck is a failure, elsewhere a skipped test. */
    @Test
    void shellcheck_findsNothingInTheShellScripts() throws Exception {
        Path shellcheck = ScriptRun.onPath("shellcheck").orElse(null);
        if (System.getenv("CI") != null) {
            assertThat(shellcheck).as("shellcheck installed (.ci/run installs it)").isNotNull();
        }
        assumeThat(shellcheck).as("shellcheck installed").isNotNull();
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "deploy.sh", "haul-local", "mvnw",
                ".ci/run"));
        command.addAll(benchScripts());
        assertThat(command).contains("bench/fetch-to-s3", "bench/run", "bench/table", "bench/lib.sh");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String report = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(report).isZero();
    }

    /** Every shell script of the benchmark harness: a bash shebang, or a sourced file ending in .sh. */
    private static List<String> benchScripts() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bench"))) {
            List<String> scripts = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String first = Files.readAllLines(file).stream().findFirst().orElse("");
                if (file.toString().endsWith(".sh") || first.matches("#!.*\\bbash\\b.*")) {
                    scripts.add(file.toString());
                }
            }
            return scripts;
        }
    }

    @Test
    void help_exitsWith0_andListsEveryFlag() {
        Result result = new ScriptRun(scratch).run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains(List.of("--stack", "--region", "--jvm", "--native", "--arch", "--dry-run",
                "--help"));
        assertThat(result.calls()).isEmpty();
    }
}
