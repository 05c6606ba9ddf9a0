package dev.haul.fetch.policy;

import static dev.haul.fetch.policy.FakeResolver.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "172.16.0.0/12,   172.16.0.0,      true",
            "172.16.0.0/12,   172.31.255.255,  true",
            "172.16.0.0/12,   172.32.0.0,      false",
            "172.16.0.0/12,   172.15.255.255,  false",
            "127.0.0.1/8,     127.200.0.1,     true",
            "10.0.0.1,        10.0.0.1,        true",
            "10.0.0.1,        10.0.0.2,        false",
            "0.0.0.0/0,       93.184.215.14,   true",
            "fc00::/7,        fdff::1,         true",
            "fc00::/7,        fe00::1,         false",
            "fe80::/10,       febf:ffff::1,    true",
            "fe80::/10,       fec0::1,         false",
            "::/0,            10.0.0.1,        false",
            "10.0.0.0/8,      fd00::a00:1,     false",
    })
    void contains_matchesOnlyTheRangesOwnFamilyAndPrefix(String cidr, String candidate, boolean expected) {
        assertThat(Cidr.parse(cidr).contains(address(candidate))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is the IPv6 range {1}")
    @CsvSource({
            "::ffff:0:0/96,         ::ffff:0:0/96",
            "::ffff:10.0.0.0/104,   ::ffff:a00:0/104",
            "::ffff:0:0:0/96,       ::ffff:0:0:0/96",
            "::/96,                 ::/96",
    })
    void ipv6RangeWrittenWithAnIpv4Tail_staysAnIpv6Range(String text, String expected) {
        Cidr range = Cidr.parse(text);

        assertThat(range.toString()).isEqualTo(expected);
        assertThat(range.contains(address("10.0.0.1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "fc00::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/-1", "example/8", "/8"})
    void malformedRange_isRejectedWithTheEntryNamed(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text)).withMessageContaining(text);
    }
}
