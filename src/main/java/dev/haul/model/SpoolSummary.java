package dev.haul.model;

/** The whole body once spooled: its length and SHA-256 (hex for reports, base64 for S3's checksum header). */
public record SpoolSummary(long bytes, String sha256Hex, String sha256Base64) {}
