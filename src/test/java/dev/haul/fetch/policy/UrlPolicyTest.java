package dev.haul.fetch.policy;

import static dev.haul.fetch.policy.FakeResolver.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

    private final FakeResolver resolver = FakeResolver.standard();
    private final UrlPolicy policy = new UrlPolicy(UrlPolicySettings.defaults(), resolver);

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # loopback, in every spelling a client accepts
            http://127.0.0.1/                       | LOOPBACK          | 127.0.0.1 is a loopback address
            http://127.255.255.254/                 | LOOPBACK          | a loopback address
            http://2130706433/                      | LOOPBACK          | host '2130706433' is 127.0.0.1, a loopback address
            http://0177.0.0.1/                      | LOOPBACK          | is 127.0.0.1, a loopback address
            http://0x7f.0.0.1/                      | LOOPBACK          | is 127.0.0.1, a loopback address
            http://0x7f000001/                      | LOOPBACK          | is 127.0.0.1, a loopback address
            http://0X7F000001/                      | LOOPBACK          | is 127.0.0.1, a loopback address
            http://127.1/                           | LOOPBACK          | is 127.0.0.1, a loopback address
            http://127.0.1/                         | LOOPBACK          | is 127.0.0.1, a loopback address
            http://0x7f.1/                          | LOOPBACK          | host '0x7f.1' is 127.0.0.1, a loopback address
            http://127.0.0.1./                      | LOOPBACK          | is 127.0.0.1, a loopback address
            http://%31%32%37.0.0.1/                 | LOOPBACK          | is 127.0.0.1, a loopback address
            http://１２７.０.０.１/                   | LOOPBACK          | is 127.0.0.1, a loopback address
            http://127.0.0.1:8080/                  | LOOPBACK          | a loopback address
            http://[::1]/                           | LOOPBACK          | ::1 is a loopback address
            http://[0:0:0:0:0:0:0:1]/               | LOOPBACK          | is ::1, a loopback address
            http://localhost/                       | LOOPBACK          | host 'localhost' resolves to 127.0.0.1, a loopback address
            http://localhost./                      | LOOPBACK          | host 'localhost' resolves to 127.0.0.1
            http://LocalHost:8080/                  | LOOPBACK          | host 'localhost' resolves to 127.0.0.1
            # private ranges
            http://10.0.0.5/                        | PRIVATE           | 10.0.0.5 is a private address
            http://10.255.255.255/                  | PRIVATE           | a private address
            http://172.16.0.1/                      | PRIVATE           | a private address
            http://172.31.255.255/                  | PRIVATE           | a private address
            http://192.168.1.1/                     | PRIVATE           | a private address
            http://3232235777/                      | PRIVATE           | is 192.168.1.1, a private address
            http://[fc00::1]/                       | PRIVATE           | fc00::1 is a private (unique local) address
            http://[fd12:3456::1]/                  | PRIVATE           | a private (unique local) address
            http://[fec0::1]/                       | PRIVATE           | a private (site-local) address
            http://internal.example/                | PRIVATE           | host 'internal.example' resolves to 10.0.0.5, a private address
            # link-local, home of the credential endpoints
            http://169.254.169.254/latest/meta-data/ | LINK_LOCAL       | 169.254.169.254 is a link-local address (the instance metadata service)
            http://169.254.170.2/v2/credentials     | LINK_LOCAL        | 169.254.170.2 is a link-local address (the container credentials endpoint)
            http://169.254.1.1/                     | LINK_LOCAL        | 169.254.1.1 is a link-local address
            http://0xa9fea9fe/                      | LINK_LOCAL        | is 169.254.169.254, a link-local address (the instance metadata service)
            http://0251.0376.0251.0376/             | LINK_LOCAL        | (the instance metadata service)
            http://169.16689662/                    | LINK_LOCAL        | (the instance metadata service)
            http://metadata.example/                | LINK_LOCAL        | host 'metadata.example' resolves to 169.254.169.254, a link-local address (the instance metadata service)
            http://[fd00:ec2::254]/                 | PRIVATE           | fd00:ec2::254 is a private (unique local) address (the instance metadata service)
            http://[fe80::1]/                       | LINK_LOCAL        | fe80::1 is a link-local address
            http://[fe80::1%25eth0]/                | LINK_LOCAL        | is fe80::1, a link-local address
            http://[FEBF::1]/                       | LINK_LOCAL        | a link-local address
            # carrier-grade NAT, unspecified, multicast, broadcast, reserved
            http://100.64.0.1/                      | CARRIER_GRADE_NAT | 100.64.0.1 is a carrier-grade NAT (shared) address
            http://100.127.255.255/                 | CARRIER_GRADE_NAT | carrier-grade NAT
            http://0.0.0.0/                         | UNSPECIFIED       | 0.0.0.0 is an unspecified ('this network') address
            http://0/                               | UNSPECIFIED       | is 0.0.0.0, an unspecified
            http://0.1.2.3/                         | UNSPECIFIED       | unspecified
            http://[::]/                            | UNSPECIFIED       | :: is the unspecified address
            http://224.0.0.1/                       | MULTICAST         | 224.0.0.1 is a multicast address
            http://239.255.255.250/                 | MULTICAST         | a multicast address
            http://[ff02::1]/                       | MULTICAST         | ff02::1 is a multicast address
            http://255.255.255.255/                 | BROADCAST         | 255.255.255.255 is the broadcast address
            http://4294967295/                      | BROADCAST         | is 255.255.255.255, the broadcast address
            http://240.0.0.1/                       | RESERVED          | reserved
            http://240.0.0.1/                       | RESERVED          | 240.0.0.1 is a reserved address (240.0.0.0/4, RFC 1112)
            # the rest of the IANA special-purpose registries
            http://198.18.0.1/                      | BENCHMARKING      | 198.18.0.1 is a benchmarking address (198.18.0.0/15, RFC 2544)
            http://[2001:2::1]/                     | BENCHMARKING      | 2001:2::1 is a benchmarking address (2001:2::/48, RFC 5180)
            http://192.0.2.1/                       | DOCUMENTATION     | 192.0.2.1 is a documentation address (192.0.2.0/24, RFC 5737)
            http://198.51.100.7/                    | DOCUMENTATION     | a documentation address (198.51.100.0/24, RFC 5737)
            http://203.0.113.9/                     | DOCUMENTATION     | a documentation address (203.0.113.0/24, RFC 5737)
            http://[2001:db8::1]/                   | DOCUMENTATION     | 2001:db8::1 is a documentation address (2001:db8::/32, RFC 3849)
            http://[3fff::1]/                       | DOCUMENTATION     | a documentation address (3fff::/20, RFC 9637)
            http://192.0.0.1/                       | SPECIAL_PURPOSE   | (192.0.0.0/29, RFC 7335)
            http://192.0.0.100/                     | SPECIAL_PURPOSE   | 192.0.0.100 is an IETF protocol assignment address (192.0.0.0/24, RFC 6890)
            http://192.0.0.192/                     | SPECIAL_PURPOSE   | 192.0.0.192 is an IETF protocol assignment address (192.0.0.0/24, RFC 6890; a cloud provider's metadata service)
            http://192.88.99.1/                     | SPECIAL_PURPOSE   | (192.88.99.0/24, RFC 7526)
            http://[100::1]/                        | SPECIAL_PURPOSE   | 100::1 is a discard-only address (100::/64, RFC 6666)
            http://[2001:100::1]/                   | SPECIAL_PURPOSE   | an IETF protocol assignment address (2001::/23, RFC 2928)
            http://[5f00::1]/                       | SPECIAL_PURPOSE   | (5f00::/16, RFC 9602)
            http://[::ffff:198.18.0.1]/             | BENCHMARKING      | host '[::ffff:198.18.0.1]' is 198.18.0.1, a benchmarking address
            http://[64:ff9b::c000:201]/             | DOCUMENTATION     | 64:ff9b::c000:201 (NAT64, carrying 192.0.2.1) is a documentation address
            # IPv6 forms that carry a refused IPv4 address
            http://[::ffff:127.0.0.1]/              | LOOPBACK          | is 127.0.0.1, a loopback address
            http://[::ffff:7f00:1]/                 | LOOPBACK          | is 127.0.0.1, a loopback address
            http://[::FFFF:169.254.169.254]/        | LINK_LOCAL        | (the instance metadata service)
            http://[::ffff:10.0.0.5]/               | PRIVATE           | a private address
            http://[::127.0.0.1]/                   | LOOPBACK          | host '[::127.0.0.1]' is ::7f00:1 (IPv4-compatible, carrying 127.0.0.1), a loopback address
            http://[::a9fe:a9fe]/                   | LINK_LOCAL        | (IPv4-compatible, carrying 169.254.169.254) is a link-local address (the instance metadata service)
            http://[::0.0.0.2]/                     | UNSPECIFIED       | (IPv4-compatible, carrying 0.0.0.2)
            http://[::ffff:0:127.0.0.1]/            | LOOPBACK          | (IPv4-translated, carrying 127.0.0.1)
            http://[64:ff9b::169.254.169.254]/      | LINK_LOCAL        | 64:ff9b::a9fe:a9fe (NAT64, carrying 169.254.169.254), a link-local address (the instance metadata service)
            http://[64:ff9b::a00:5]/                | PRIVATE           | (NAT64, carrying 10.0.0.5) is a private address
            http://[64:ff9b:1::a00:5]/              | PRIVATE           | local-use NAT64
            http://[2002:7f00:1::]/                 | LOOPBACK          | 2002:7f00:1:: (6to4, carrying 127.0.0.1) is a loopback address
            http://[2002:a9fe:a9fe::1]/             | LINK_LOCAL        | (6to4, carrying 169.254.169.254)
            http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/ | LOOPBACK   | (Teredo, carrying 127.0.0.1)
            http://nat64-metadata.example/          | LINK_LOCAL        | host 'nat64-metadata.example' resolves to 64:ff9b::a9fe:a9fe (NAT64, carrying 169.254.169.254), a link-local address
            """)
    void refusedAddressForm_isRefused_namingTheRule(String url, Rule rule, String reason) {
        assertThat(policy.check(URI.create(url)))
                .isInstanceOfSatisfying(Decision.Refused.class, refused -> {
                    assertThat(refused.rule()).isEqualTo(rule);
                    assertThat(refused.reason()).contains(reason);
                });
    }

    @Test
    void decimalLoopback_isRefused() {
        assertThat(policy.check(URI.create("http://2130706433/")))
                .isEqualTo(new Decision.Refused(URI.create("http://2130706433/"), Rule.LOOPBACK,
                        "host '2130706433' is 127.0.0.1, a loopback address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f.1/", "http://127.0.0.1./", "http://[::ffff:7f00:1]/",
            "http://93.184.215.14/", "http://１２７.０.０.１/", "http://1.2.3.4.5/", "http://0x7f.0.0.1/"})
    void numericHost_neverReachesTheResolver(String url) {
        HostResolver noDns = host -> {
            throw new AssertionError("asked DNS for " + host);
        };
        new UrlPolicy(UrlPolicySettings.defaults(), noDns).check(URI.create(url));
    }

    @ParameterizedTest(name = "{0} connects to {1} port {2}")
    @CsvSource({
            "http://93.184.215.14/,                              93.184.215.14, 80",
            "https://93.184.215.14/,                             93.184.215.14, 443",
            "http://93.184.215.14:8080/path?q=1,                 93.184.215.14, 8080",
            "HTTPS://1572394766/,                                93.184.215.14, 443",
            "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/,   2606:2800:21f:cb07:6820:80da:af6b:8b2c, 80",
            "http://[::ffff:93.184.215.14]/,                     93.184.215.14, 80",
            "http://[64:ff9b::5db8:d70e]/,                       64:ff9b::5db8:d70e, 80",
            "http://public.example/,                             93.184.215.14, 80",
            "https://Public.Example.:8443/,                      93.184.215.14, 8443",
            "http://user:secret@public.example/,                 93.184.215.14, 80",
    })
    void publicAddress_isAllowed_withTheCheckedAddressToConnectTo(String url, String address, int port) {
        assertThat(policy.check(URI.create(url)))
                .isInstanceOfSatisfying(Decision.Allowed.class, allowed -> assertThat(allowed.firstChecked())
                        .isEqualTo(new InetSocketAddress(address(address), port)));
    }

    @Test
    void allowedName_reportsTheNormalisedHost_andResolvesOnce() {
        Decision decision = policy.check(URI.create("https://Public.Example./x"));

        assertThat(decision).isInstanceOfSatisfying(Decision.Allowed.class,
                allowed -> assertThat(allowed.host()).isEqualTo("public.example"));
        assertThat(resolver.questions()).containsExactly("public.example");
    }

    @Test
    void rebindingResolver_secondAnswerIsNeverUsed_connectAddressIsTheCheckedOne() {
        List<String> answers = new ArrayList<>(List.of("93.184.215.14", "127.0.0.1"));
        HostResolver rebinding = host -> List.of(address(answers.remove(0)));
        UrlPolicy rebindingPolicy = new UrlPolicy(UrlPolicySettings.defaults(), rebinding);

        Decision decision = rebindingPolicy.check(URI.create("http://rebind.example/"));

        assertThat(decision).isInstanceOfSatisfying(Decision.Allowed.class, allowed -> assertThat(allowed
                .firstChecked())
                .isEqualTo(new InetSocketAddress(address("93.184.215.14"), 80)));
        assertThat(answers).containsExactly("127.0.0.1");
    }

    @Test
    void connectAddress_isResolvedAlready_soTheClientDoesNoLookupOfItsOwn() {
        Decision decision = policy.check(URI.create("http://public.example/"));

        assertThat(((Decision.Allowed) decision).firstChecked().isUnresolved()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://mixed.example/", "http://mixed-private-first.example/"})
    void dnsAnswerMixingPublicAndPrivate_isRefused(String url) {
        assertThat(policy.check(URI.create(url)))
                .isInstanceOfSatisfying(Decision.Refused.class, refused -> {
                    assertThat(refused.rule()).isEqualTo(Rule.PRIVATE);
                    assertThat(refused.reason()).contains("resolves to").contains("a private address");
                });
    }

    @Test
    void unknownHost_isRefused_asUnresolved() {
        assertThat(policy.check(URI.create("http://nowhere.invalid/")))
                .isEqualTo(new Decision.Refused(URI.create("http://nowhere.invalid/"), Rule.UNRESOLVED,
                        "host 'nowhere.invalid' did not resolve"));
    }

    @Test
    void resolverAnsweringNothing_isRefused_asUnresolved() {
        UrlPolicy empty = new UrlPolicy(UrlPolicySettings.defaults(), host -> List.<InetAddress>of());

        assertThat(empty.check(URI.create("http://empty.example/")))
                .isInstanceOfSatisfying(Decision.Refused.class,
                        refused -> assertThat(refused.rule()).isEqualTo(Rule.UNRESOLVED));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ftp://93.184.215.14/file            | scheme 'ftp' is not allowed (only http and https are)
            file:///etc/passwd                  | scheme 'file' is not allowed
            gopher://127.0.0.1:6379/_INFO        | scheme 'gopher' is not allowed
            jar:http://93.184.215.14/x.jar!/    | scheme 'jar' is not allowed
            javascript:alert(1)                 | scheme 'javascript' is not allowed
            //93.184.215.14/                    | the URL has no scheme (only http and https are allowed)
            """)
    void nonHttpScheme_isRefused(String url, String reason) {
        assertThat(policy.check(URI.create(url)))
                .isInstanceOfSatisfying(Decision.Refused.class, refused -> {
                    assertThat(refused.rule()).isEqualTo(Rule.SCHEME);
                    assertThat(refused.reason()).startsWith(reason);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http:///path                        | the URL has no host
            http://1.2.3.4.5/                   | host '1.2.3.4.5' is not a valid IPv4 address
            http://256.256.256.256/             | not a valid IPv4 address
            http://4294967296/                  | not a valid IPv4 address
            http://exa%20mple.com/              | not a valid host name
            http://93.184.215.14:0/             | port 0 is outside 1-65535
            http://93.184.215.14:65536/         | port 65536 is outside 1-65535
            http://[::ffff:0177.0.0.1]/         | not a valid IPv6 address
            http://user@public.example@127.0.0.1/ | more than one '@'
            """)
    void malformedUrl_isRefused_withTheReason(String url, String reason) {
        assertThat(policy.check(URI.create(url)))
                .isInstanceOfSatisfying(Decision.Refused.class, refused -> {
                    assertThat(refused.rule()).isEqualTo(Rule.MALFORMED);
                    assertThat(refused.reason()).contains(reason);
                });
    }

    @Test
    void refusalReason_neverRepeatsTheQueryOrUserInfo() {
        Decision decision = policy.check(URI.create("http://user:secret@10.0.0.5/?token=abc"));

        assertThat(((Decision.Refused) decision).reason()).doesNotContain("secret").doesNotContain("token");
    }
}
