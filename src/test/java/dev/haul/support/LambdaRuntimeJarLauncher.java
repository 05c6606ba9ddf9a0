package dev.haul.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.quarkus.test.common.DefaultJarLauncher;
import io.quarkus.test.common.JarArtifactLauncher;
import io.quarkus.test.common.ListeningAddress;

import dev.haul.local.LambdaRuntimeClient;

/**
 * Runs the packaged runner jar for {@code @QuarkusIntegrationTest} as Lambda's managed Java runtime runs it: AWS's
 * runtime interface client ({@link LambdaRuntimeClient}) polls the Runtime API and calls {@code QuarkusStreamHandler},
 * here against the mock event server the test JVM started (through a {@link RuntimeApiRelay}, which adds what Lambda
 * sends and the mock does not, deadlines first). Quarkus polls by itself only in a native executable; {@code java -jar}
 * on the runner jar starts Haul and then waits for nothing, so every invocation would time out.
 *
 * <p>Quarkus's own jar launcher does the rest (system properties, log file, start-up wait, shutdown); it is handed a
 * one-entry jar whose manifest names the client's launcher as main class, and the runner jar (which brings in
 * {@code lib/}), the local tool's classes and the client's jars as its class path. Quarkus's jar launcher provider takes the first {@link JarArtifactLauncher} registered in
 * {@code META-INF/services} (this one, from the test classes) and falls back to its own only when there is none.
 */
public class LambdaRuntimeJarLauncher implements JarArtifactLauncher {

    /** Where the mock event server takes the Runtime API's requests; set by the Lambda extension's dev service. */
    static final String RUNTIME_API_PROPERTY = "quarkus-internal.aws-lambda.test-api";

    private final DefaultJarLauncher quarkusLauncher = new DefaultJarLauncher();
    private RuntimeApiRelay relay;

    @Override
    public void init(JarInitContext context) {
        String mockApi = context.getDevServicesLaunchResult().properties().get(RUNTIME_API_PROPERTY);
        if (mockApi == null) {
            throw new IllegalStateException("no mock event server: " + RUNTIME_API_PROPERTY + " is not set");
        }
        try {
            relay = new RuntimeApiRelay(mockApi);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Runtime API relay", e);
        }
        Map<String, String> env = new HashMap<>(context.env());
        env.put("AWS_LAMBDA_RUNTIME_API", relay.hostPort());
        quarkusLauncher.init(new RuntimeClientContext(context, writeLauncherJar(context.jarPath()), env));
    }

    @Override
    public Optional<ListeningAddress> start() throws IOException {
        return quarkusLauncher.start();
    }

    @Override
    public LaunchResult runToCompletion(String[] args) {
        return quarkusLauncher.runToCompletion(args);
    }

    @Override
    public void includeAsSysProps(Map<String, String> systemProps) {
        quarkusLauncher.includeAsSysProps(systemProps);
    }

    @Override
    public void close() {
        try {
            quarkusLauncher.close();
        } finally {
            if (relay != null) {
                relay.close();
            }
        }
    }

    private static Path writeLauncherJar(Path runnerJar) {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, LambdaRuntimeClient.class.getName());
        // Neither the launcher nor the client is in the runner jar: they follow as absolute URLs.
        StringBuilder classPath = new StringBuilder(runnerJar.getFileName().toString())
                .append(' ').append(LambdaRuntimeClient.localToolClasses().toUri());
        try {
            LambdaRuntimeClient.jars(Path.of("")).forEach(jar -> classPath.append(' ').append(jar.toUri()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        attributes.put(Attributes.Name.CLASS_PATH, classPath.toString());
        Path launcherJar = runnerJar.resolveSibling("lambda-runtime-it.jar");
        try (OutputStream jar = new JarOutputStream(Files.newOutputStream(launcherJar), manifest)) {
            jar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + launcherJar, e);
        }
        return launcherJar;
    }

    /** Quarkus's context with the launcher jar in place of the runner jar and the Runtime API in the environment. */
    private record RuntimeClientContext(JarInitContext quarkus, Path jarPath, Map<String, String> env)
            implements
                JarInitContext {

        @Override
        public int httpPort() {
            return quarkus.httpPort();
        }

        @Override
        public int httpsPort() {
            return quarkus.httpsPort();
        }

        @Override
        public Duration waitTime() {
            return quarkus.waitTime();
        }

        @Override
        public Duration shutdownTimeout() {
            return quarkus.shutdownTimeout();
        }

        @Override
        public String testProfile() {
            return quarkus.testProfile();
        }

        @Override
        public List<String> argLine() {
            return quarkus.argLine();
        }

        @Override
        public DevServicesLaunchResult getDevServicesLaunchResult() {
            return quarkus.getDevServicesLaunchResult();
        }

        @Override
        public boolean generateAotFile() {
            return quarkus.generateAotFile();
        }

        @Override
        public List<String> additionalRecordingArgs() {
            return quarkus.additionalRecordingArgs();
        }
    }
}
