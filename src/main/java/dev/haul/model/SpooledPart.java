package dev.haul.model;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One part of a body, complete: its 1-based number, size and CRC32C (base64, as S3 expects it), and where its bytes
 * are. Whoever receives a part owns it until S3 is done with it.
 */
public sealed interface SpooledPart permits SpooledPart.OnDisk, SpooledPart.InMemory {

    int number();

    long size();

    String crc32c();

    /**
     * A part in its spool file. The owner deletes the file when done and then runs {@code releaseRoom}, which gives
     * the file's share of the spool's disk budget back (at most once, however often it runs).
     */
    record OnDisk(int number, Path file, long size, String crc32c, Runnable releaseRoom) implements SpooledPart {}

    /**
     * A part that ended before its first write to disk: a small body, or the short tail of a large one. Its bytes
     * were already held in memory as the write batch (so keeping them costs nothing more) and go to S3 from there,
     * without a file to create, write, read back and delete. Read-only; never changed after it is made.
     */
    record InMemory(int number, ByteBuffer bytes, String crc32c) implements SpooledPart {

        public InMemory {
            bytes = bytes.asReadOnlyBuffer();
        }

        @Override
        public long size() {
            return bytes.remaining();
        }
    }
}
