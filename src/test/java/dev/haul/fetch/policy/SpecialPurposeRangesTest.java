package dev.haul.fetch.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the IANA IPv4 and IPv6 Special-Purpose Address Registries, and Haul's own additions, checked through
 * {@link UrlPolicy#check}: by literal, through a host name, and for IPv4 rows through every IPv6 form that carries an
 * IPv4 address. The rows are pinned here, not read from the table under test, so that a row dropped from the table
 * fails.
 */
class SpecialPurposeRangesTest {

    /** How a row is decided: refused unless allowed, refused whatever the allow-list says, or by its IPv4 address. */
    enum Opening {
        ALLOW_LIST_OPENS, NEVER, CARRIED
    }

    record Pinned(String cidr, String registry, String rule, Opening opening) {

        /** Built from the text here, not by {@link Cidr#parse}, so that the test does not lean on the parser. */
        Cidr range() {
            String[] parts = cidr.split("/");
            byte[] bytes = parts[0].indexOf(':') >= 0 ? Ipv6Text.parse(parts[0]) : Ipv4Text.parse(parts[0]);
            return new Cidr(RangeAddresses.address(new BigInteger(1, bytes), bytes.length),
                    Integer.parseInt(parts[1]));
        }

        @Override
        public String toString() {
            return registry + " " + cidr;
        }
    }

    static final List<Pinned> PINNED = List.of(
            ipv4("0.0.0.0/8", "UNSPECIFIED", Opening.NEVER),
            ipv4("0.0.0.0/32", "UNSPECIFIED", Opening.NEVER),
            ipv4("10.0.0.0/8", "PRIVATE", Opening.ALLOW_LIST_OPENS),
            ipv4("100.64.0.0/10", "CARRIER_GRADE_NAT", Opening.ALLOW_LIST_OPENS),
            ipv4("127.0.0.0/8", "LOOPBACK", Opening.ALLOW_LIST_OPENS),
            ipv4("169.254.0.0/16", "LINK_LOCAL", Opening.NEVER),
            ipv4("172.16.0.0/12", "PRIVATE", Opening.ALLOW_LIST_OPENS),
            ipv4("192.0.0.0/24", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.0.0.0/29", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.0.0.8/32", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.0.0.9/32", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.0.0.10/32", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.0.0.170/32", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.0.0.171/32", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.0.2.0/24", "DOCUMENTATION", Opening.ALLOW_LIST_OPENS),
            ipv4("192.31.196.0/24", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.52.193.0/24", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.88.99.0/24", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.88.99.2/32", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("192.168.0.0/16", "PRIVATE", Opening.ALLOW_LIST_OPENS),
            ipv4("192.175.48.0/24", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv4("198.18.0.0/15", "BENCHMARKING", Opening.ALLOW_LIST_OPENS),
            ipv4("198.51.100.0/24", "DOCUMENTATION", Opening.ALLOW_LIST_OPENS),
            ipv4("203.0.113.0/24", "DOCUMENTATION", Opening.ALLOW_LIST_OPENS),
            ipv4("240.0.0.0/4", "RESERVED", Opening.ALLOW_LIST_OPENS),
            ipv4("255.255.255.255/32", "BROADCAST", Opening.NEVER),
            ipv6("::1/128", "LOOPBACK", Opening.ALLOW_LIST_OPENS),
            ipv6("::/128", "UNSPECIFIED", Opening.NEVER),
            ipv6("::ffff:0:0/96", "", Opening.CARRIED),
            ipv6("64:ff9b::/96", "", Opening.CARRIED),
            ipv6("64:ff9b:1::/48", "PRIVATE", Opening.NEVER),
            ipv6("100::/64", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("100:0:0:1::/64", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001::/23", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001::/32", "", Opening.CARRIED),
            ipv6("2001:1::1/128", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:1::2/128", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:1::3/128", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:2::/48", "BENCHMARKING", Opening.ALLOW_LIST_OPENS),
            ipv6("2001:3::/32", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:4:112::/48", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:10::/28", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:20::/28", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:30::/28", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("2001:db8::/32", "DOCUMENTATION", Opening.ALLOW_LIST_OPENS),
            ipv6("2002::/16", "", Opening.CARRIED),
            ipv6("2620:4f:8000::/48", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("3fff::/20", "DOCUMENTATION", Opening.ALLOW_LIST_OPENS),
            ipv6("5f00::/16", "SPECIAL_PURPOSE", Opening.NEVER),
            ipv6("fc00::/7", "PRIVATE", Opening.ALLOW_LIST_OPENS),
            ipv6("fe80::/10", "LINK_LOCAL", Opening.NEVER),
            haul("224.0.0.0/4", "MULTICAST", Opening.NEVER),
            haul("ff00::/8", "MULTICAST", Opening.NEVER),
            haul("fec0::/10", "PRIVATE", Opening.ALLOW_LIST_OPENS),
            haul("::/96", "", Opening.CARRIED),
            haul("::ffff:0:0:0/96", "", Opening.CARRIED));

    /** Single addresses named in messages and never opened; own addresses of a row skip them. */
    static final List<String> KNOWN_ENDPOINTS = List.of("169.254.169.254", "169.254.170.2", "169.254.170.23",
            "169.254.169.253", "169.254.169.123", "192.0.0.192", "fd00:ec2::254", "fd00:ec2::23");

    private static final String HOST = "row.example";
    private static final List<String> ALLOW_EVERYTHING = List.of("0.0.0.0/0", "::/0");

    @Test
    void table_holdsExactlyThePinnedRows_inRegistryOrder() {
        List<Pinned> table = SpecialPurposeRanges.rows().stream().map(row -> new Pinned(row.cidr().toString(),
                switch (row.source()) {
                    case IPV4 -> "IPv4";
                    case IPV6 -> "IPv6";
                    case HAUL -> "Haul";
                }, row.rule() == null ? "" : row.rule().name(), switch (row.handling()) {
                    case REFUSED -> Opening.ALLOW_LIST_OPENS;
                    case ALWAYS_REFUSED -> Opening.NEVER;
                    case CARRIED -> Opening.CARRIED;
                })).toList();

        assertThat(table).containsExactlyElementsOf(PINNED);
    }

    @Test
    void everyRow_hasANameAnRfcAndAPhrase_andAPhraseNamingARangeNamesItsOwn() {
        for (SpecialPurposeRanges.Row row : SpecialPurposeRanges.rows()) {
            assertThat(row.name()).as(row.toString()).isNotBlank();
            assertThat(row.rfc()).as(row.toString()).matches("RFC \\d+");
            assertThat(row.phrase()).as(row.toString()).isNotBlank();
            if (row.phrase().contains("/")) {
                assertThat(row.phrase()).endsWith("(" + row.cidr() + ", " + row.rfc() + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("carriedRowAddresses")
    void carryingRow_isNamedAsTheFormThatCarriesTheAddress(Pinned pinned, InetAddress address, InetAddress carried) {
        SpecialPurposeRanges.Row row = SpecialPurposeRanges.find(address).orElseThrow();

        assertThat(row.cidr().toString()).isEqualTo(pinned.cidr());
        assertThat(Ipv4Embedding.of(address)).hasValueSatisfying(embedded -> {
            assertThat(embedded.form()).isEqualTo(row.phrase());
            assertThat(embedded.ipv4()).isEqualTo(carried);
        });
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedRowAddresses")
    void refusedRow_firstMiddleAndLastAddress_areRefusedWithTheRowsRule(Pinned row, InetAddress address) {
        assertRefused(check(List.of(), literal(address), null), row.rule(), AddressText.of(address));
        assertRefused(check(List.of(), "http://" + HOST + "/", address), row.rule(), AddressText.of(address));
    }

    @ParameterizedTest(name = "{0}: {1} as {2}")
    @MethodSource("refusedIpv4RowsInIpv6Forms")
    void refusedIpv4Row_isRefusedAlsoInEveryIpv6FormCarryingIt(Pinned row, InetAddress ipv4, String form,
            InetAddress carrier) {
        String carried = ipv4.getHostAddress();
        assertRefused(check(List.of(), literal(carrier), null), row.rule(), carried);
        assertRefused(check(List.of(), "http://" + HOST + "/", carrier), row.rule(), carried);
    }

    @ParameterizedTest(name = "{0}: {1} as {2}")
    @MethodSource("carriedRowAddresses")
    void carryingRow_isDecidedAsTheIpv4AddressItCarries(Pinned row, InetAddress address, InetAddress carried) {
        Decision expected = check(List.of(), literal(carried), null);

        for (Decision decision : List.of(check(List.of(), literal(address), null),
                check(List.of(), "http://" + HOST + "/", address))) {
            if (expected instanceof Decision.Refused refusal) {
                assertRefused(decision, refusal.rule().name(), carried.getHostAddress());
            } else {
                assertThat(decision).isInstanceOf(Decision.Allowed.class);
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedRowAddresses")
    void allowingEverything_opensOnlyTheRowsAnAllowListMayOpen(Pinned row, InetAddress address) {
        List<Decision> decisions = List.of(check(ALLOW_EVERYTHING, literal(address), null),
                check(ALLOW_EVERYTHING, "http://" + HOST + "/", address),
                check(List.of(HOST), "http://" + HOST + "/", address));

        for (Decision decision : decisions) {
            if (row.opening() == Opening.ALLOW_LIST_OPENS) {
                assertThat(decision).isInstanceOf(Decision.Allowed.class);
            } else {
                assertRefused(decision, row.rule(), AddressText.of(address));
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} as {2}")
    @MethodSource("refusedIpv4RowsInIpv6Forms")
    void allowingEverything_opensACarryingFormOnlyWhenItsIpv4RowMayBeOpened(Pinned row, InetAddress ipv4, String form,
            InetAddress carrier) {
        List<Decision> decisions = List.of(check(ALLOW_EVERYTHING, literal(carrier), null),
                check(ALLOW_EVERYTHING, "http://" + HOST + "/", carrier),
                check(List.of(HOST), "http://" + HOST + "/", carrier));

        for (Decision decision : decisions) {
            if (row.opening() == Opening.ALLOW_LIST_OPENS) {
                assertThat(decision).isInstanceOf(Decision.Allowed.class);
            } else {
                assertRefused(decision, row.rule(), ipv4.getHostAddress());
            }
        }
    }

    static Stream<Arguments> refusedRowAddresses() {
        return PINNED.stream()
                .filter(row -> row.opening() != Opening.CARRIED)
                .flatMap(row -> ownAddresses(row).stream().map(address -> Arguments.of(row, address)));
    }

    static Stream<Arguments> refusedIpv4RowsInIpv6Forms() {
        return PINNED.stream()
                .filter(row -> row.opening() != Opening.CARRIED && row.range().network() instanceof Inet4Address)
                .flatMap(row -> ownAddresses(row).stream().flatMap(ipv4 -> carryingForms(ipv4.getAddress())
                        .entrySet().stream().map(form -> Arguments.of(row, ipv4, form.getKey(), form.getValue()))));
    }

    static Stream<Arguments> carriedRowAddresses() {
        List<Arguments> out = new ArrayList<>();
        for (Pinned row : PINNED) {
            if (row.opening() != Opening.CARRIED) {
                continue;
            }
            List<InetAddress> addresses = new ArrayList<>(ownAddresses(row));
            for (String ipv4 : List.of("93.184.215.14", "10.0.0.5", "169.254.169.254", "127.0.0.1")) {
                addresses.add(inRow(row, FakeResolver.address(ipv4).getAddress()));
            }
            for (InetAddress address : addresses) {
                out.add(Arguments.of(row, address, carriedBy(row, address.getAddress())));
            }
        }
        return out.stream();
    }

    private static List<InetAddress> ownAddresses(Pinned row) {
        List<Cidr> others = new ArrayList<>();
        PINNED.forEach(other -> others.add(other.range()));
        KNOWN_ENDPOINTS.forEach(endpoint -> others.add(new Cidr(FakeResolver.address(endpoint), bits(endpoint))));
        return RangeAddresses.own(row.range(), others);
    }

    /** The IPv6 forms that reach an IPv4 address, kept as IPv6 (Java would turn a parsed mapped address into IPv4). */
    static Map<String, InetAddress> carryingForms(byte[] v4) {
        Map<String, InetAddress> forms = new java.util.LinkedHashMap<>();
        forms.put("IPv4-mapped", RangeAddresses.ipv6(bytes(v4, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff)));
        forms.put("IPv4-translated", RangeAddresses.ipv6(bytes(v4, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0)));
        boolean ipv6Own = v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && (v4[3] == 0 || v4[3] == 1);
        if (!ipv6Own) {
            forms.put("IPv4-compatible", RangeAddresses.ipv6(bytes(v4, 12)));
        }
        forms.put("NAT64", RangeAddresses.ipv6(bytes(v4, 12, 0x00, 0x64, 0xff, 0x9b)));
        byte[] sixToFour = bytes(v4, 2, 0x20, 0x02);
        sixToFour[15] = 1;
        forms.put("6to4", RangeAddresses.ipv6(sixToFour));
        byte[] inverted = new byte[4];
        for (int i = 0; i < 4; i++) {
            inverted[i] = (byte) ~v4[i];
        }
        forms.put("Teredo", RangeAddresses.ipv6(bytes(inverted, 12, 0x20, 0x01, 0, 0, 0x41, 0x36, 0xe3, 0x78, 0x80,
                0x00, 0x63, 0xbf)));
        return forms;
    }

    /** An address of a carrying row that carries {@code v4}. */
    private static InetAddress inRow(Pinned row, byte[] v4) {
        return switch (row.cidr()) {
            case "::ffff:0:0/96" -> carryingForms(v4).get("IPv4-mapped");
            case "::ffff:0:0:0/96" -> carryingForms(v4).get("IPv4-translated");
            case "::/96" -> carryingForms(v4).get("IPv4-compatible");
            case "64:ff9b::/96" -> carryingForms(v4).get("NAT64");
            case "2002::/16" -> carryingForms(v4).get("6to4");
            case "2001::/32" -> carryingForms(v4).get("Teredo");
            default -> throw new IllegalArgumentException(row.cidr());
        };
    }

    /** The IPv4 address an address of a carrying row carries, read the way each form stores it. */
    private static InetAddress carriedBy(Pinned row, byte[] b) {
        byte[] v4 = new byte[4];
        int from = row.cidr().equals("2002::/16") ? 2 : 12;
        for (int i = 0; i < 4; i++) {
            v4[i] = row.cidr().equals("2001::/32") ? (byte) ~b[from + i] : b[from + i];
        }
        return RangeAddresses.address(new BigInteger(1, v4), 4);
    }

    private static int bits(String address) {
        return address.indexOf(':') >= 0 ? 128 : 32;
    }

    private static byte[] bytes(byte[] tail, int at, int... head) {
        byte[] out = new byte[16];
        for (int i = 0; i < head.length; i++) {
            out[i] = (byte) head[i];
        }
        System.arraycopy(tail, 0, out, at, 4);
        return out;
    }

    private static String literal(InetAddress address) {
        String text = AddressText.of(address);
        return "http://" + (address instanceof Inet4Address ? text : "[" + text + "]") + "/";
    }

    /** The decision for {@code url}, with {@link #HOST} resolving to {@code answer} when there is one. */
    private static Decision check(List<String> allow, String url, InetAddress answer) {
        HostResolver resolver = host -> {
            if (answer == null || !host.equals(HOST)) {
                throw new java.net.UnknownHostException(host);
            }
            return List.of(answer);
        };
        return new UrlPolicy(UrlPolicySettings.defaults().withAllow(allow), resolver).check(URI.create(url));
    }

    private static void assertRefused(Decision decision, String rule, String shown) {
        assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class, refused -> {
            assertThat(refused.rule().name()).as(refused.reason()).isEqualTo(rule);
            assertThat(refused.reason()).contains(shown);
        });
    }

    private static Pinned ipv4(String cidr, String rule, Opening opening) {
        return new Pinned(cidr, "IPv4", rule, opening);
    }

    private static Pinned ipv6(String cidr, String rule, Opening opening) {
        return new Pinned(cidr, "IPv6", rule, opening);
    }

    private static Pinned haul(String cidr, String rule, Opening opening) {
        return new Pinned(cidr, "Haul", rule, opening);
    }
}
