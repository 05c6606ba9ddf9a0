package dev.haul.store;

/** An object S3 has accepted: where it is and what S3 answered. */
public record StoredObject(String bucket, String key, String eTag, String versionId) {}
