package dev.haul.spool;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import dev.haul.model.SpoolSummary;

/**
 * The checksums of one body, computed once per byte as it is spooled: SHA-256 over the whole body (for the report,
 * and as S3's checksum of a single PUT) and CRC32C per part (hardware-accelerated; S3 checks every part with it).
 */
final class BodyChecksums {

    private final MessageDigest sha256 = newSha256();
    private final CRC32C partCrc = new CRC32C();

    void update(ByteBuffer bytes) {
        sha256.update(bytes.duplicate());
        partCrc.update(bytes);
    }

    void startPart() {
        partCrc.reset();
    }

    /** The current part's CRC32C, base64 of its four big-endian bytes, as S3 expects it. */
    String partCrc32cBase64() {
        long value = partCrc.getValue();
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The whole body's length and SHA-256; ends the digest, so it is called once, after the last byte. */
    SpoolSummary summary(long totalBytes) {
        byte[] digest = sha256.digest();
        return new SpoolSummary(totalBytes, HexFormat.of().formatHex(digest),
                Base64.getEncoder().encodeToString(digest));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
