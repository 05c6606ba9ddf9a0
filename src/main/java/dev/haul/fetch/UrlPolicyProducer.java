package dev.haul.fetch;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.policy.UrlPolicy;
import dev.haul.fetch.policy.UrlPolicySettings;

/** The URL policy as configured: the operator's allow-list, and the Lambda Runtime API this function polls. */
public class UrlPolicyProducer {

    @Produces
    @Singleton
    UrlPolicy urlPolicy(HaulConfig config) {
        return new UrlPolicy(new UrlPolicySettings(config.fetch().allow().orElse(List.of()),
                Optional.ofNullable(System.getenv("AWS_LAMBDA_RUNTIME_API"))));
    }
}
