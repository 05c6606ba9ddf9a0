package dev.haul.fetch.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads IPv4 addresses the way browsers (the WHATWG URL standard), curl and {@code inet_aton} do, because that is how
 * the HTTP stack and the operating system will read them: one to four dot-separated numbers, each decimal, octal
 * (leading {@code 0}) or hex ({@code 0x}); the last number fills all the bytes that are left. So {@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} all mean 127.0.0.1. A checker that read these differently from
 * the client would approve one address while the client connects to another.
 */
final class Ipv4Text {

    private static final BigInteger BYTE_LIMIT = BigInteger.valueOf(255);

    private Ipv4Text() {}

    /**
     * Whether a host must be read as IPv4: its last label is a decimal or {@code 0x} number. Browsers treat such a
     * host as an address or reject it, never as a DNS name, and so does this policy ({@code 1.2.3.4.5} is invalid,
     * not a name to look up).
     */
    static boolean endsInNumber(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (allDigits(last, 10)) {
            return true;
        }
        return last.startsWith("0x") && allDigits(last.substring(2), 16);
    }

    /** The four bytes the text denotes, or {@code null} when it is not a valid IPv4 address. No trailing dot here. */
    static byte[] parse(String host) {
        String[] labels = host.split("\\.", -1);
        if (labels.length > 4) {
            return null;
        }
        List<BigInteger> numbers = new ArrayList<>(labels.length);
        for (String label : labels) {
            BigInteger number = number(label);
            if (number == null) {
                return null;
            }
            numbers.add(number);
        }
        for (int i = 0; i < numbers.size() - 1; i++) {
            if (numbers.get(i).compareTo(BYTE_LIMIT) > 0) {
                return null;
            }
        }
        // The last number fills the bytes not taken by the others: 127.1 puts 1 into the last three bytes.
        int tailBytes = 5 - numbers.size();
        BigInteger last = numbers.get(numbers.size() - 1);
        if (last.bitLength() > tailBytes * 8) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < numbers.size() - 1; i++) {
            bytes[i] = (byte) numbers.get(i).intValue();
        }
        long tail = last.longValue();
        for (int i = 3; i >= 4 - tailBytes; i--) {
            bytes[i] = (byte) (tail & 0xff);
            tail >>>= 8;
        }
        return bytes;
    }

    /** One label: {@code 0x…} hex (empty digits mean 0, as browsers read it), {@code 0…} octal, else decimal. */
    private static BigInteger number(String label) {
        if (label.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = label;
        if (label.startsWith("0x")) {
            radix = 16;
            digits = label.substring(2);
        } else if (label.length() > 1 && label.startsWith("0")) {
            radix = 8;
            digits = label.substring(1);
        }
        if (digits.isEmpty()) {
            return BigInteger.ZERO;
        }
        // Digits are checked here: BigInteger alone would also accept a sign and non-ASCII digits.
        if (!allDigits(digits, radix)) {
            return null;
        }
        // Long runs of leading zeros are legal; the value is what counts, and bitLength bounds it above.
        return new BigInteger(digits, radix);
    }

    /** ASCII digits only: {@link Character#digit} alone would also take full-width and other scripts' digits. */
    static boolean allDigits(String text, int radix) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7f || Character.digit(c, radix) < 0) {
                return false;
            }
        }
        return true;
    }
}
