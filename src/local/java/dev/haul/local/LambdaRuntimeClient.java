package dev.haul.local;

import java.io.IOException;
import java.io.InputStream;
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

    /** Where the client loads its JNI library from when set; otherwise it unpacks it to one fixed path in /tmp. */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** The client's builds of that library, in the order it tries them itself. */
    private static final List<String> JNI_BUILDS = List.of("libaws-lambda-jni.linux-x86_64.so",
            "libaws-lambda-jni.linux-aarch_64.so", "libaws-lambda-jni.linux_musl-x86_64.so",
            "libaws-lambda-jni.linux_musl-aarch_64.so");

    private LambdaRuntimeClient() {}

    public static void main(String[] args) throws Throwable {
        Class<?> client = Class.forName(CLIENT_MAIN);
        if (System.getProperty(JNI_PROPERTY) == null) {
            System.setProperty(JNI_PROPERTY, unpackJni(client).toString());
        }
        Method main = client.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) new String[]{HANDLER});
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Unpacks and loads the client's JNI library in a folder of this process's own. Left to itself, the client writes
     * it to one fixed file in /tmp, which is private to a Lambda execution environment but shared by every worker JVM
     * on this machine: a worker starting while another runs rewrites the library under it, which crashes that one
     * (SIGBUS). The client then loads the same file again, which the JVM treats as already loaded.
     */
    private static Path unpackJni(Class<?> client) throws IOException {
        Path dir = Files.createTempDirectory("haul-lambda-jni-");
        dir.toFile().deleteOnExit();
        for (String build : JNI_BUILDS) {
            try (InputStream library = client.getResourceAsStream("/jni/" + build)) {
                if (library == null) {
                    continue;
                }
                Path file = dir.resolve(build);
                Files.copy(library, file);
                file.toFile().deleteOnExit();
                try {
                    System.load(file.toString());
                    return file;
                } catch (UnsatisfiedLinkError otherPlatform) {
                    // Built for another architecture or C library; the next build may fit.
                }
            }
        }
        throw new IOException("none of the Lambda runtime client's JNI libraries loads on this machine");
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
