package dev.haul.local;

import java.net.URI;

/** The S3 endpoint and bucket Haul stores into, with the credentials it signs its requests with. */
public record S3Target(URI endpoint, String bucket, String region, String accessKeyId, String secretAccessKey) {}
