package dev.haul.batch;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict Unicode for text from outside. Java's own conversions are lenient: malformed UTF-8 becomes U+FFFD and a
 * lone surrogate becomes '?', so text would silently differ from what its author sent.
 */
final class Utf8 {

    private Utf8() {}

    /** A strict decoding: the text, or the byte offset at which the bytes stop being UTF-8. */
    sealed interface Decoded {
        record Text(String text) implements Decoded {}

        record Malformed(int byteOffset) implements Decoded {}
    }

    static Decoded decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer);
            return new Decoded.Text(text.toString());
        } catch (CharacterCodingException e) {
            return new Decoded.Malformed(buffer.position());
        }
    }

    /** The index of the first surrogate that is not half of a pair, if there is one. */
    static Optional<Integer> loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
