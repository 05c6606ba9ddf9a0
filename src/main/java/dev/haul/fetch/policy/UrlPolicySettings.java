package dev.haul.fetch.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an operator can change about the {@link UrlPolicy}. Plain values, so that a {@code @ConfigMapping} group, a
 * test or a local run can build one.
 *
 * @param allow             CIDR ranges ({@code 10.1.0.0/16}, {@code fd12::/16}), single addresses and host names whose
 *                          private, loopback, test or reserved addresses may be fetched. Empty by default: nothing
 *                          private is reachable. However wide an entry, it never opens link-local addresses, the
 *                          metadata and credential endpoints, multicast, broadcast, the other protocol ranges of
 *                          {@link SpecialPurposeRanges} or the Lambda Runtime API, and never allows another scheme.
 * @param lambdaRuntimeApi  {@code host:port} of the Lambda Runtime API, the value of {@code AWS_LAMBDA_RUNTIME_API}
 *                          (for example {@code 127.0.0.1:9001}); always refused, because a fetched URL there could
 *                          read or answer the function's own invocations. Empty outside Lambda.
 * @param mockEventServer   {@code host:port} of Quarkus's mock event server, the Runtime API of dev and test mode;
 *                          refused for the same reason. Empty in production.
 */
public record UrlPolicySettings(List<String> allow, Optional<String> lambdaRuntimeApi,
        Optional<String> mockEventServer) {

    public UrlPolicySettings {
        allow = List.copyOf(allow);
        Objects.requireNonNull(lambdaRuntimeApi, "lambdaRuntimeApi");
        Objects.requireNonNull(mockEventServer, "mockEventServer");
        lambdaRuntimeApi = lambdaRuntimeApi.filter(value -> !value.isBlank());
        mockEventServer = mockEventServer.filter(value -> !value.isBlank());
    }

    public UrlPolicySettings(List<String> allow, Optional<String> lambdaRuntimeApi) {
        this(allow, lambdaRuntimeApi, Optional.empty());
    }

    /** Every Runtime API a fetched URL must not reach. */
    List<String> runtimeApis() {
        return Stream.of(lambdaRuntimeApi, mockEventServer).flatMap(Optional::stream).toList();
    }

    /** Every range check on, no runtime API known: for local runs and tests. */
    public static UrlPolicySettings defaults() {
        return new UrlPolicySettings(List.of(), Optional.empty());
    }

    public UrlPolicySettings withAllow(List<String> entries) {
        return new UrlPolicySettings(entries, lambdaRuntimeApi, mockEventServer);
    }

    public UrlPolicySettings withLambdaRuntimeApi(String hostPort) {
        return new UrlPolicySettings(allow, Optional.ofNullable(hostPort), mockEventServer);
    }
}
