package dev.haul.fetch.policy;

import static dev.haul.fetch.policy.FakeResolver.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator's allow-list and the Lambda Runtime API rule that no allow-list opens. */
class UrlPolicyAllowListTest {

    private static final String RUNTIME_API = "127.0.0.1:9001";

    private final FakeResolver resolver = FakeResolver.standard()
            .answer("proxy.internal", "10.20.0.7")
            .answer("other.internal", "10.9.9.9")
            .answer("runtime.internal", "127.0.0.1");

    private UrlPolicy policy(List<String> allow) {
        return new UrlPolicy(new UrlPolicySettings(allow, Optional.of(RUNTIME_API)), resolver);
    }

    private static Decision.Allowed allowed(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Allowed.class);
        return (Decision.Allowed) decision;
    }

    private static Decision.Refused refused(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        return (Decision.Refused) decision;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/", "http://127.1:8080/", "http://0x7f000001:9002/",
            "http://127.9.9.9/", "http://[::ffff:127.0.0.1]:8080/"})
    void allowedLoopbackRange_letsLoopbackThrough(String url) {
        UrlPolicy policy = policy(List.of("127.0.0.0/8"));

        assertThat(allowed(policy.check(URI.create(url))).firstChecked().getAddress().isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9001/", "http://127.1:9001/", "http://0x7f000001:9001/",
            "http://[::ffff:127.0.0.1]:9001/", "http://[::ffff:7f00:1]:9001/", "http://127.0.0.2:9001/",
            "http://0.0.0.0:9001/", "http://[::1]:9001/", "http://localhost:9001/", "http://runtime.internal:9001/"})
    void runtimeApi_isRefused_evenWhenLoopbackIsAllowed(String url) {
        UrlPolicy policy = policy(List.of("127.0.0.0/8", "::1", "0.0.0.0/8", "runtime.internal", "localhost"));

        Decision.Refused refusal = refused(policy.check(URI.create(url)));

        assertThat(refusal.rule()).isEqualTo(Rule.RUNTIME_API);
        assertThat(refusal.reason()).contains("the Lambda Runtime API (127.0.0.1:9001)");
    }

    @Test
    void runtimeApi_isRefusedByItsOwnRule_withoutAnyAllowList() {
        URI nextInvocation = URI.create("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next");

        Decision.Refused refusal = refused(policy(List.of()).check(nextInvocation));

        assertThat(refusal.rule()).isEqualTo(Rule.RUNTIME_API);
        assertThat(refusal.reason()).isEqualTo("127.0.0.1:9001 is the Lambda Runtime API (127.0.0.1:9001)");
    }

    @Test
    void runtimeApiOnAnotherPort_isOnlyLoopback_andTheAllowListDecides() {
        URI otherPort = URI.create("http://127.0.0.1:9002/");

        assertThat(refused(policy(List.of()).check(otherPort)).rule()).isEqualTo(Rule.LOOPBACK);
        allowed(policy(List.of("127.0.0.0/8")).check(otherPort));
    }

    @Test
    void allowedIpv4Loopback_stillRefusesLocalhost_becauseItAlsoResolvesToIpv6Loopback() {
        UrlPolicy policy = policy(List.of("127.0.0.0/8"));

        Decision.Refused refusal = refused(policy.check(URI.create("http://localhost:8080/")));

        assertThat(refusal.rule()).isEqualTo(Rule.LOOPBACK);
        assertThat(refusal.reason()).isEqualTo("host 'localhost' resolves to ::1, a loopback address");
    }

    @Test
    void allowedBothLoopbacks_letLocalhostThrough_connectingToTheFirstAddress() {
        UrlPolicy policy = policy(List.of("127.0.0.0/8", "::1"));

        Decision.Allowed decision = allowed(policy.check(URI.create("http://localhost:8080/")));

        assertThat(decision.firstChecked()).isEqualTo(new InetSocketAddress(address("127.0.0.1"), 8080));
    }

    @Test
    void allowedHostName_passesTheRangeChecks_forThatNameOnly() {
        UrlPolicy policy = policy(List.of("Proxy.Internal."));

        assertThat(allowed(policy.check(URI.create("http://proxy.internal/"))).firstChecked())
                .isEqualTo(new InetSocketAddress(address("10.20.0.7"), 80));
        assertThat(refused(policy.check(URI.create("http://10.20.0.7/"))).rule()).isEqualTo(Rule.PRIVATE);
        assertThat(refused(policy.check(URI.create("http://other.internal/"))).rule()).isEqualTo(Rule.PRIVATE);
    }

    @Test
    void allowedHostName_stillCannotReachTheRuntimeApi() {
        UrlPolicy policy = policy(List.of("runtime.internal"));

        Decision.Refused refusal = refused(policy.check(URI.create("http://runtime.internal:9001/")));

        assertThat(refusal.rule()).isEqualTo(Rule.RUNTIME_API);
        assertThat(refusal.reason()).isEqualTo("host 'runtime.internal' resolves to 127.0.0.1, "
                + "and port 9001 there is the Lambda Runtime API (127.0.0.1:9001)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://10.0.0.5/", "file:///etc/passwd", "gopher://127.0.0.1:6379/"})
    void allowList_neverAllowsAnotherScheme(String url) {
        UrlPolicy policy = policy(List.of("10.0.0.0/8", "127.0.0.0/8"));

        assertThat(refused(policy.check(URI.create(url))).rule()).isEqualTo(Rule.SCHEME);
    }

    @Test
    void allowedIpv6Range_letsItsAddressesThrough_only() {
        UrlPolicy policy = policy(List.of("fd12::/16"));

        allowed(policy.check(URI.create("http://[fd12:3456::1]/")));
        assertThat(refused(policy.check(URI.create("http://[fd13::1]/"))).rule()).isEqualTo(Rule.PRIVATE);
    }

    @Test
    void allowedIpv4Range_alsoCoversItsNat64Form() {
        UrlPolicy policy = policy(List.of("10.1.0.0/16"));

        assertThat(allowed(policy.check(URI.create("http://[64:ff9b::a01:5]/"))).firstChecked())
                .isEqualTo(new InetSocketAddress(address("64:ff9b::a01:5"), 80));
        assertThat(refused(policy.check(URI.create("http://[64:ff9b::a02:5]/"))).rule()).isEqualTo(Rule.PRIVATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:10.1.0.0/112", "::ffff:10.1.2.3", "::ffff:a01:203/128"})
    void allowListEntryWrittenAsIpv4Mapped_coversTheIpv4AddressItNames(String entry) {
        UrlPolicy policy = policy(List.of(entry));

        allowed(policy.check(URI.create("http://10.1.2.3/")));
        allowed(policy.check(URI.create("http://[::ffff:10.1.2.3]/")));
        assertThat(refused(policy.check(URI.create("http://10.2.0.1/"))).rule()).isEqualTo(Rule.PRIVATE);
    }

    @Test
    void allowedRange_doesNotOpenOtherRanges() {
        UrlPolicy policy = policy(List.of("10.0.0.0/8"));

        allowed(policy.check(URI.create("http://internal.example/")));
        assertThat(refused(policy.check(URI.create("http://169.254.169.254/"))).rule()).isEqualTo(Rule.LINK_LOCAL);
        assertThat(refused(policy.check(URI.create("http://192.168.0.1/"))).rule()).isEqualTo(Rule.PRIVATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "not a host!", "1.2.3.4.5", "fc00::/200"})
    void malformedAllowListEntry_failsWhenThePolicyIsBuilt(String entry) {
        assertThatIllegalArgumentException().isThrownBy(() -> policy(List.of(entry))).withMessageContaining(entry);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:", "127.0.0.1:99999", "exa mple:9001", "nowhere.invalid:9001"})
    void malformedRuntimeApiValue_failsWhenThePolicyIsBuilt(String value) {
        UrlPolicySettings settings = UrlPolicySettings.defaults().withLambdaRuntimeApi(value);

        assertThatIllegalArgumentException().isThrownBy(() -> new UrlPolicy(settings, resolver));
    }

    @Test
    void blankRuntimeApiValue_meansNotOnLambda() {
        UrlPolicy policy = new UrlPolicy(UrlPolicySettings.defaults().withLambdaRuntimeApi(" ")
                .withAllow(List.of("127.0.0.0/8")), resolver);

        allowed(policy.check(URI.create("http://127.0.0.1:9001/")));
    }
}
