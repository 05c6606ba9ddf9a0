package dev.haul.fetch.policy;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the host of a URL into an address literal or a DNS name, reading it as a browser, curl or {@code inet_aton}
 * would, so that the policy checks the address the client will really reach.
 *
 * <p>{@link InetAddress#getByName} is not used for this: it rejects some spellings that clients accept (hex, octal,
 * {@code 0x7f.1}) and would send those to DNS, where a hostile resolver could answer anything. Numeric hosts are
 * parsed here and never leave the process.
 */
public final class AddressParser {

    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private AddressParser() {}

    /** Reads a URL host as written in the authority: bracketed IPv6, any IPv4 spelling, or a name. */
    public static ParsedHost parse(String host) {
        if (host == null || host.isEmpty()) {
            return new ParsedHost.Invalid("the URL has no host");
        }
        if (host.startsWith("[")) {
            byte[] bytes = host.endsWith("]") ? Ipv6Text.parse(host.substring(1, host.length() - 1)) : null;
            return bytes == null ? invalid(host, "not a valid IPv6 address") : literal(bytes);
        }
        String ascii = toAscii(percentDecoded(host));
        if (ascii == null) {
            return invalid(host, "not a valid host name");
        }
        if (ascii.indexOf(':') >= 0) {
            return invalid(host, "an IPv6 address must be written in brackets");
        }
        // One trailing dot marks a fully qualified name ("localhost.", "127.0.0.1."); it names the same host.
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (Ipv4Text.endsInNumber(name)) {
            byte[] bytes = Ipv4Text.parse(name);
            return bytes == null ? invalid(host, "not a valid IPv4 address") : literal(bytes);
        }
        return isDnsName(name) ? new ParsedHost.Name(name) : invalid(host, "not a valid host name");
    }

    /** An address without brackets, as written in settings ({@code 10.0.0.0}, {@code fc00::}); {@code null} if none. */
    public static InetAddress parseAddress(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        byte[] bytes = lower.indexOf(':') >= 0
                ? Ipv6Text.parse(lower)
                : Ipv4Text.endsInNumber(lower) ? Ipv4Text.parse(lower) : null;
        return bytes == null ? null : ((ParsedHost.Literal) literal(bytes)).address();
    }

    private static ParsedHost literal(byte[] bytes) {
        try {
            // getByAddress never touches DNS. It returns ::ffff:a.b.c.d as the IPv4 address a.b.c.d, which is what a
            // socket reaches through an IPv4-mapped address anyway.
            return new ParsedHost.Literal(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("an address of 4 or 16 bytes was refused", impossible);
        }
    }

    private static ParsedHost invalid(String host, String why) {
        return new ParsedHost.Invalid("host '" + host + "' is " + why);
    }

    /** Browsers decode %XX in hosts before anything else, so {@code %31%32%37.0.0.1} is 127.0.0.1. */
    private static String percentDecoded(String host) {
        if (host.indexOf('%') < 0) {
            return host;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < host.length();) {
            int c = host.codePointAt(i);
            if (c != '%') {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            if (i + 2 >= host.length() || !Ipv4Text.allDigits(host.substring(i + 1, i + 3), 16)) {
                return null;
            }
            bytes.write(Integer.parseInt(host.substring(i + 1, i + 3), 16));
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Lower-case ASCII. Non-ASCII hosts go through IDNA, which also folds full-width digits and dots the way browsers
     * do: {@code １２７.０.０.１} becomes 127.0.0.1 and is then read as an address, not sent to DNS.
     */
    private static String toAscii(String host) {
        if (host == null) {
            return null;
        }
        String ascii = host;
        if (!host.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return ascii.toLowerCase(Locale.ROOT);
    }

    /**
     * Letters, digits, hyphens and underscores in non-empty labels. This also keeps everything that
     * {@link InetAddress#getAllByName} would treat specially (an empty string means loopback to it) away from the
     * resolver.
     */
    private static boolean isDnsName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
