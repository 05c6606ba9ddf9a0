package dev.haul.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.haul.fetch.policy.Decision;
import dev.haul.fetch.policy.UrlPolicy;
import dev.haul.fetch.policy.UrlPolicySettings;
import dev.haul.model.FailureKind;
import dev.haul.model.TransferException;

/**
 * A name that does not resolve was reported {@code blocked}, as if the policy had refused it. It is its own failure,
 * {@code dns}, retried; {@code blocked} stays for what the policy refused. The policy runs with a resolver of the
 * test's own, so no lookup leaves the machine.
 */
class PolicyRefusalTest {

    private final UrlPolicy policy = new UrlPolicy(new UrlPolicySettings(List.of(), Optional.empty()),
            host -> {
                if (host.equals("private.example")) {
                    return List.of(InetAddress.getByAddress(host, new byte[]{10, 0, 0, 1}));
                }
                throw new UnknownHostException(host);
            });

    @Test
    void nameThatDoesNotResolve_isADnsFailure_retried_notBlocked() {
        TransferException failure = Fetcher.refusal((Decision.Refused) policy.check(URI.create(
                "https://nowhere.example/a")));

        assertThat(failure.kind()).isEqualTo(FailureKind.DNS);
        assertThat(failure.retryNow()).isTrue();
        assertThat(failure.getMessage()).contains("did not resolve");
    }

    @Test
    void refusedAddress_staysBlocked() {
        TransferException failure = Fetcher.refusal((Decision.Refused) policy.check(URI.create(
                "https://private.example/a")));

        assertThat(failure.kind()).isEqualTo(FailureKind.BLOCKED);
        assertThat(failure.retryNow()).isFalse();
    }

    @Test
    void unknownHostFromTheHttpStack_isADnsFailure() {
        assertThat(FailureClassifier.classify(new UnknownHostException("gone.example")).kind())
                .isEqualTo(FailureKind.DNS);
    }
}
