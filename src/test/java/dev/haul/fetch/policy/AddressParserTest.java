package dev.haul.fetch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressParserTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // IPv4 in the spellings browsers, curl and inet_aton accept
            "127.0.0.1,                 127.0.0.1",
            "2130706433,                127.0.0.1",
            "0177.0.0.1,                127.0.0.1",
            "0x7f.0.0.1,                127.0.0.1",
            "0X7F.0.0.1,                127.0.0.1",
            "0x7f000001,                127.0.0.1",
            "0x7F000001,                127.0.0.1",
            "017700000001,              127.0.0.1",
            "127.1,                     127.0.0.1",
            "127.0.1,                   127.0.0.1",
            "0x7f.1,                    127.0.0.1",
            "0x7f.0x0.0.0x1,            127.0.0.1",
            "00000000177.0.0.1,         127.0.0.1",
            "127.0.0.1.,                127.0.0.1",
            "%31%32%37.0.0.1,           127.0.0.1",
            "１２７.０.０.１,             127.0.0.1",
            "0,                         0.0.0.0",
            "0x,                        0.0.0.0",
            "4294967295,                255.255.255.255",
            "0xa9fea9fe,                169.254.169.254",
            "0251.0376.0251.0376,       169.254.169.254",
            "169.16689662,              169.254.169.254",
            "3232235521,                192.168.0.1",
            // IPv6, always in brackets
            "[::1],                     ::1",
            "[0:0:0:0:0:0:0:1],         ::1",
            "[::],                      ::",
            "[FE80::1],                 fe80::1",
            "[fe80::1%25eth0],          fe80::1",
            "[fe80::1%eth0],            fe80::1",
            "[::ffff:127.0.0.1],        127.0.0.1",
            "[::ffff:7f00:1],           127.0.0.1",
            "[::127.0.0.1],             ::7f00:1",
            "[64:ff9b::169.254.169.254], 64:ff9b::a9fe:a9fe",
            "[2606:2800:21F:CB07:6820:80DA:AF6B:8B2C], 2606:2800:21f:cb07:6820:80da:af6b:8b2c",
            "[1:0:0:2:0:0:0:3],         1:0:0:2::3",
            "[1:2:3:4:5:6:7::],         1:2:3:4:5:6:7:0",
    })
    void numericHost_isReadAsTheAddressAClientWouldReach(String host, String expected) {
        assertThat(AddressParser.parse(host))
                .isInstanceOfSatisfying(ParsedHost.Literal.class,
                        literal -> assertThat(AddressText.of(literal.address())).isEqualTo(expected));
    }

    @ParameterizedTest(name = "{0} is the name {1}")
    @CsvSource({
            "localhost,            localhost",
            "localhost.,           localhost",
            "LOCALHOST,            localhost",
            "Public.Example,       public.example",
            "a_b.example,          a_b.example",
            "127.0.0.1.nip.example, 127.0.0.1.nip.example",
            "0x7g,                 0x7g",
            "xn--bcher-kva.example, xn--bcher-kva.example",
            "bücher.example,       xn--bcher-kva.example",
    })
    void hostName_isNormalisedForTheResolver(String host, String expected) {
        assertThat(AddressParser.parse(host)).isEqualTo(new ParsedHost.Name(expected));
    }

    @ParameterizedTest(name = "{0} is invalid")
    @ValueSource(strings = {
            "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "1.2.65536", "1.16777216", "4294967296", "08.0.0.1", "0x1.0xg.0.1",
            "1..1", ".1.2.3", "127.0.0.1..", "::1", "[::1", "[127.0.0.1]", "[1::2::3]", "[12345::]", "[1:2:3:4:5:6:7]",
            "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4::5:6:7:8]", "[::ffff:0177.0.0.1]", "[::ffff:127.1]", "[:1::]", "[::1%25]",
            "exa mple.com", "exa%20mple.com", "%zz.example", "localhost..", "a..b", "a/b", "",
    })
    void malformedHost_isInvalid_notAName(String host) {
        assertThat(AddressParser.parse(host)).isInstanceOf(ParsedHost.Invalid.class);
    }

    @Test
    void invalidHost_reasonQuotesTheHost() {
        assertThat(AddressParser.parse("1.2.3.4.5"))
                .isEqualTo(new ParsedHost.Invalid("host '1.2.3.4.5' is not a valid IPv4 address"));
    }

    @Test
    void bareAddressInSettings_isReadWithoutBrackets() {
        assertThat(AddressText.of(AddressParser.parseAddress("fd00:ec2::254"))).isEqualTo("fd00:ec2::254");
        assertThat(AddressText.of(AddressParser.parseAddress("10.0.0.0"))).isEqualTo("10.0.0.0");
        assertThat(AddressParser.parseAddress("internal.example")).isNull();
    }
}
