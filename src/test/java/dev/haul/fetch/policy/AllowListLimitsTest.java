package dev.haul.fetch.policy;

import static dev.haul.fetch.policy.FakeResolver.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an allow-list entry opens and what it never does: a name or range lets private and loopback addresses through
 * for that name or range only, while link-local addresses, the credential endpoints, multicast, broadcast and the
 * Lambda Runtime API stay refused whatever it says.
 */
class AllowListLimitsTest {

    private static final List<String> EVERYTHING = List.of("0.0.0.0/0", "::/0");

    private final FakeResolver resolver = FakeResolver.standard()
            .answer("files.internal", "10.1.2.3")
            .answer("same-address.internal", "10.1.2.3")
            .answer("loopback.internal", "127.0.0.1");

    private UrlPolicy policy(List<String> allow) {
        return new UrlPolicy(new UrlPolicySettings(allow, Optional.of("127.0.0.1:9001")), resolver);
    }

    private static Decision.Refused refused(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Refused.class);
        return (Decision.Refused) decision;
    }

    private static Decision.Allowed allowed(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Allowed.class);
        return (Decision.Allowed) decision;
    }

    @ParameterizedTest(name = "files.internal -> {0}, {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.1.2.3  | 169.254.169.254    | LINK_LOCAL | resolves to 169.254.169.254, a link-local address (the instance metadata service)
            127.0.0.1 | fd00:ec2::254      | PRIVATE    | resolves to fd00:ec2::254, a private (unique local) address (the instance metadata service)
            10.1.2.3  | 169.254.170.2      | LINK_LOCAL | (the container credentials endpoint)
            10.1.2.3  | 169.254.170.23     | LINK_LOCAL | (the EKS Pod Identity credentials endpoint)
            ::1       | fd00:ec2::23       | PRIVATE    | (the EKS Pod Identity credentials endpoint)
            10.1.2.3  | 192.0.0.192        | SPECIAL_PURPOSE | resolves to 192.0.0.192, an IETF protocol assignment address (192.0.0.0/24, RFC 6890; a cloud provider's metadata service)
            10.1.2.3  | fe80::1            | LINK_LOCAL | resolves to fe80::1, a link-local address
            10.1.2.3  | 169.254.1.1        | LINK_LOCAL | resolves to 169.254.1.1, a link-local address
            10.1.2.3  | 224.0.0.251        | MULTICAST  | a multicast address
            10.1.2.3  | ff02::1            | MULTICAST  | a multicast address
            10.1.2.3  | 255.255.255.255    | BROADCAST  | the broadcast address
            10.1.2.3  | 64:ff9b::a9fe:a9fe | LINK_LOCAL | (NAT64, carrying 169.254.169.254)
            10.1.2.3  | 2002:a9fe:a9fe::1  | LINK_LOCAL | (6to4, carrying 169.254.169.254)
            """)
    void allowedName_resolvingToANeverOpenedAddress_isRefused(String first, String second, Rule rule, String reason) {
        resolver.answer("files.internal", first, second);

        Decision.Refused refusal = refused(policy(List.of("files.internal")).check(URI.create(
                "http://files.internal/")));

        assertThat(refusal.rule()).isEqualTo(rule);
        assertThat(refusal.reason()).startsWith("host 'files.internal' resolves to ").contains(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials",
            "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::1]/", "http://[::a9fe:a9fe]/",
            "http://[2001:0:4136:e378:8000:63bf:5601:5601]/", "http://192.0.0.192/", "http://[fd00:ec2::254]/",
            "http://[fd00:ec2::23]/", "http://169.254.170.23/", "http://224.0.0.1/", "http://[ff02::1]/",
            "http://255.255.255.255/", "http://0.0.0.0/", "http://[::]/", "http://metadata.example/",
            "http://nat64-metadata.example/"})
    void allowingEveryAddress_stillRefusesMetadataLinkLocalMulticastAndBroadcast(String url) {
        refused(policy(EVERYTHING).check(URI.create(url)));
    }

    @Test
    void neverOpenedAddress_coveredByTheAllowList_saysThatNoEntryOpensIt() {
        Decision.Refused refusal = refused(policy(EVERYTHING).check(URI.create("http://169.254.169.254/")));

        assertThat(refusal.reason()).isEqualTo("169.254.169.254 is a link-local address "
                + "(the instance metadata service), which no allow-list entry opens");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/", "http://192.168.1.1/", "http://172.16.0.1/", "http://127.0.0.1/",
            "http://[::1]/", "http://[fc00::1]/", "http://100.64.0.1/", "http://internal.example/",
            "http://localhost/", "http://[64:ff9b::a00:5]/"})
    void allowingEveryAddress_letsPrivateAndLoopbackThrough(String url) {
        allowed(policy(EVERYTHING).check(URI.create(url)));
    }

    @Test
    void allowedName_letsItsPrivateAddressThrough_forThatNameOnly() {
        UrlPolicy policy = policy(List.of("files.internal", "loopback.internal"));

        assertThat(allowed(policy.check(URI.create("http://files.internal/"))).firstChecked())
                .isEqualTo(new InetSocketAddress(address("10.1.2.3"), 80));
        allowed(policy.check(URI.create("http://loopback.internal:8080/")));
        assertThat(refused(policy.check(URI.create("http://same-address.internal/"))).rule()).isEqualTo(Rule.PRIVATE);
        assertThat(refused(policy.check(URI.create("http://10.1.2.3/"))).rule()).isEqualTo(Rule.PRIVATE);
        assertThat(refused(policy.check(URI.create("http://127.0.0.1:8080/"))).rule()).isEqualTo(Rule.LOOPBACK);
    }

    @Test
    void allowedRange_letsPrivateThrough_byLiteralAndByName() {
        UrlPolicy policy = policy(List.of("10.1.0.0/16"));

        allowed(policy.check(URI.create("http://10.1.2.3/")));
        allowed(policy.check(URI.create("http://files.internal/")));
        allowed(policy.check(URI.create("http://same-address.internal/")));
        assertThat(refused(policy.check(URI.create("http://10.2.0.1/"))).rule()).isEqualTo(Rule.PRIVATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[64:ff9b::7f00:1]:9001/", "http://[2002:7f00:1::1]:9001/",
            "http://[::7f00:1]:9001/", "http://[::ffff:0:7f00:1]:9001/", "http://[::ffff:127.0.0.1]:9001/",
            "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:9001/"})
    void runtimeApi_isRefusedInEveryIpv6FormCarryingIt_evenWhenEverythingIsAllowed(String url) {
        assertThat(refused(policy(EVERYTHING).check(URI.create(url))).rule()).isEqualTo(Rule.RUNTIME_API);
    }
}
