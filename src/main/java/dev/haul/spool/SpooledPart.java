package dev.haul.spool;

import java.nio.file.Path;

/**
 * One part of a body, complete on disk: its 1-based number, file, size and CRC32C (base64, as S3 expects it).
 * Whoever receives a part owns its file: it deletes it when done and then releases its room in the {@link TmpBudget}.
 */
public record SpooledPart(int number, Path file, long size, String crc32c, TmpBudget.Reservation reservation) {}
