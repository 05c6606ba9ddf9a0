package dev.haul.support;

import org.junit.jupiter.api.BeforeEach;

import io.restassured.RestAssured;

/**
 * Mixed into every {@code *IT}: points RestAssured at the test JVM's mock event server before each test, which is
 * where {@link HaulTestSupport#invoke} posts events. Under {@code @QuarkusTest} Quarkus does this itself; an
 * integration test only learns the HTTP port the packaged application listens on, and a Lambda function listens on
 * none. The same holds for the runner jar and the native executable.
 */
public interface InvokesPackagedHaul {

    /** The mock event server's port, chosen by the Lambda extension's dev service and set for the test JVM. */
    String EVENT_SERVER_PORT = "quarkus.lambda.mock-event-server.test-port";

    @BeforeEach
    default void pointRestAssuredAtTheMockEventServer() {
        String port = System.getProperty(EVENT_SERVER_PORT);
        if (port == null) {
            throw new IllegalStateException(EVENT_SERVER_PORT + " is not set: the mock event server did not start");
        }
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = Integer.parseInt(port);
        RestAssured.basePath = "";
    }
}
