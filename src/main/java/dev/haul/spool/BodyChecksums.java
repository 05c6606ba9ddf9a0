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

    /** Enough for the JVM to compile the intrinsics in, well above its default thresholds (5 000 calls once profiled). */
    private static final int PRIMING_CALLS = 40_000;
    private static final int PRIMING_MAX_LENGTH = 200;

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

    /**
     * Runs both checksums over some thousands of small inputs, so that the JVM compiles their hardware-accelerated
     * forms before the first body arrives. It does so only for code called thousands of times, and a body hashed in
     * 256 KiB batches makes few calls: a fresh process otherwise hashed much of its first half GiB in slow, unoptimised
     * code, which a profiler showed as a quarter of its CPU on {@code bench/run medium}. The inputs are shaped like
     * real ones (whole blocks, partial ones, several at once; a new digest, and one used again after it was read,
     * as the S3 client's signer does) so that the compiled code is not thrown away at the first input that takes another
     * branch. Costs some milliseconds, about 4 MB hashed.
     */
    static void prime() {
        byte[] bytes = new byte[PRIMING_MAX_LENGTH];
        BodyChecksums checksums = new BodyChecksums();
        for (int i = 1; i <= PRIMING_CALLS; i++) {
            checksums.update(ByteBuffer.wrap(bytes, 0, i % PRIMING_MAX_LENGTH + 1));
            if (i % 64 == 0) {
                // Both ways a digest starts again: new (one per body), and used again once read.
                checksums.sha256.digest();
                if (i % 128 == 0) {
                    checksums = new BodyChecksums();
                }
            }
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
