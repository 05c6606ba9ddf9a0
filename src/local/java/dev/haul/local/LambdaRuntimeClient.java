package dev.haul.local;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts Haul's packaged artifact the way Lambda's managed Java runtime does: AWS's runtime interface client
 * ({@code com.amazonaws:aws-lambda-java-runtime-interface-client}, which the build copies to
 * {@code target/lambda-runtime}) polls {@code AWS_LAMBDA_RUNTIME_API} and calls the handler the function is
 * configured with. The local run and the {@code *IT} tests use it; no poll loop of Haul's own is involved.
 *
 * <p>The client takes the handler as its program argument, which a launcher that runs {@code java -jar} cannot pass;
 * this class is that one line of glue, and reaches the client by name because the client is not a build dependency
 * (Lambda brings its own, so it must not be in the artifact).
 */
public final class LambdaRuntimeClient {

    /** The handler Lambda is configured with (infra/template.yaml's {@code Handler}). */
    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    static final String CLIENT_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private LambdaRuntimeClient() {}

    public static void main(String[] args) throws Throwable {
        Method main = Class.forName(CLIENT_MAIN).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) new String[]{HANDLER});
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The client's jars, as the build copied them. */
    public static List<Path> jars(Path projectDir) throws IOException {
        Path dir = projectDir.resolve("target/lambda-runtime");
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null,
                    "AWS's Lambda runtime client is not there; run ./mvnw package -DskipTests");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    /**
     * Where this class was loaded from: the local tool's classes, which are not part of the Lambda artifact and so go
     * on the packaged JVM's classpath beside the runner jar and the client.
     */
    public static Path localToolClasses() {
        try {
            return Path.of(LambdaRuntimeClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the local tool's classes have no file location", e);
        }
    }
}
