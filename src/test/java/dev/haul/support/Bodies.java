package dev.haul.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic test bodies: the same name and size always give the same bytes, generated on the fly so a 512 MiB
 * body costs no memory. The bytes cycle through a pseudo-random pattern of a prime length, offset by the name, so
 * equal-sized parts of one body differ (a swapped part would change the checksum) and two names differ.
 */
public final class Bodies {

    private static final int PATTERN_LENGTH = 1_000_003;
    private static final byte[] PATTERN = new byte[PATTERN_LENGTH];

    static {
        new SplittableRandom(20261125L).nextBytes(PATTERN);
    }

    private Bodies() {}

    /** Fills {@code into} with the body's bytes starting at {@code offset}. */
    public static void fill(String name, long offset, ByteBuffer into) {
        int position = (int) ((offset + salt(name)) % PATTERN_LENGTH);
        while (into.hasRemaining()) {
            int n = Math.min(into.remaining(), PATTERN_LENGTH - position);
            into.put(PATTERN, position, n);
            position = (position + n) % PATTERN_LENGTH;
        }
    }

    public static byte[] bytes(String name, long offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        fill(name, offset, buffer);
        return buffer.array();
    }

    public static String sha256(String name, long size) {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long offset = 0; offset < size; offset += buffer.capacity()) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - offset));
            fill(name, offset, buffer);
            digest.update(buffer.flip());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long salt(String name) {
        return Math.floorMod(name.hashCode() * 7919L, PATTERN_LENGTH);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
