package dev.haul.fetch;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.arc.DefaultBean;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.policy.HostResolver;
import dev.haul.fetch.policy.UrlPolicy;
import dev.haul.fetch.policy.UrlPolicySettings;

/**
 * The URL policy as configured: the operator's allow-list, the Lambda Runtime API this function polls, and in dev and
 * test mode the mock event server Quarkus starts in its place (whose address Quarkus puts in its own configuration,
 * whether or not {@code AWS_LAMBDA_RUNTIME_API} is set).
 */
public class UrlPolicyProducer {

    /** Where Quarkus's Lambda extension records the mock event server's address in dev and test mode. */
    static final String MOCK_EVENT_SERVER = "quarkus-internal.aws-lambda.test-api";

    @Produces
    @Singleton
    UrlPolicy urlPolicy(HaulConfig config, Config all, HostResolver resolver) {
        return new UrlPolicy(new UrlPolicySettings(config.fetch().allow().orElse(List.of()),
                Optional.ofNullable(System.getenv("AWS_LAMBDA_RUNTIME_API")),
                all.getOptionalValue(MOCK_EVENT_SERVER, String.class)), resolver);
    }

    /**
     * The JVM's resolver. A test that needs the policy's lookups and the HTTP client's to disagree (DNS rebinding)
     * puts its own in place.
     */
    @Produces
    @DefaultBean
    @Singleton
    HostResolver hostResolver() {
        return HostResolver.system();
    }
}
