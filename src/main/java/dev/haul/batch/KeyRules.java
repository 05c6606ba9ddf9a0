package dev.haul.batch;

import java.util.Optional;

/**
 * What a caller may write in an object key or a key prefix. S3 takes almost any bytes, but keys that hold control
 * characters, lone surrogates or {@code .}/{@code ..} segments break listings, consoles, XML responses and every
 * tool that treats keys as paths; those are refused before anything is fetched.
 */
final class KeyRules {

    /** S3's own limit on a key, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 1024;

    private KeyRules() {}

    /** Why {@code text} cannot be (part of) a key, or empty when it can. */
    static Optional<String> problem(String text) {
        if (text.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (text.startsWith("/") || text.endsWith("/")) {
            return Optional.of("must not start or end with '/'");
        }
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("must not contain empty segments ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("must not contain '.' or '..' segments");
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                return Optional.of("must not contain control characters (found U+%04X at character %d)"
                        .formatted((int) c, i));
            }
            if (c == '\uFFFE' || c == '\uFFFF') {
                return Optional.of("must not contain the non-characters U+FFFE or U+FFFF");
            }
        }
        return Utf8.loneSurrogate(text).map(at -> "must be valid Unicode (a lone surrogate at character " + at + ")");
    }
}
