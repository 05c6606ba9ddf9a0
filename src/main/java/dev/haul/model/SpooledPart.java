package dev.haul.model;

import java.nio.file.Path;

/**
 * One part of a body, complete on disk: its 1-based number, file, size and CRC32C (base64, as S3 expects it).
 * Whoever receives a part owns its file: it deletes it when done and then runs {@code releaseRoom}, which gives the
 * file's share of the spool's disk budget back (at most once, however often it runs).
 */
public record SpooledPart(int number, Path file, long size, String crc32c, Runnable releaseRoom) {}
