package dev.haul.fetch;

import java.util.OptionalLong;

/** Reads a {@code Content-Length} header: the one place Haul parses it. */
final class ContentLength {

    private ContentLength() {}

    /** The declared body length; empty when the header is absent, negative or not a number. */
    static OptionalLong parse(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            long length = Long.parseLong(value.strip());
            return length >= 0 ? OptionalLong.of(length) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
