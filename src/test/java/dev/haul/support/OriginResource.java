package dev.haul.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A file {@link FaultyOrigin} serves: a deterministic body with a strong ETag and a Last-Modified date, answered in
 * full, as a byte range ({@code Range: bytes=N-}, {@code bytes=N-M} or {@code bytes=-N}, guarded by {@code If-Range}),
 * or as 304 for a matching conditional GET.
 */
record OriginResource(String bodyName, long size, String etag, Instant lastModified) {

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final Instant FIRST_VERSION = Instant.parse("2025-10-01T00:00:00Z");

    static OriginResource of(String name, long size) {
        return new OriginResource(name, size, "\"" + name + "-" + size + "\"", FIRST_VERSION);
    }

    /** The same file after it changed: other bytes, another ETag, a later date. */
    OriginResource changed() {
        OriginResource next = of(FaultyOrigin.changedName(bodyName), size);
        return new OriginResource(next.bodyName, size, next.etag, lastModified.plusSeconds(86_400));
    }

    String lastModifiedText() {
        return HTTP_DATE.format(lastModified);
    }

    /** The validators and range support every answer about this file carries. */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        headers.put("ETag", etag);
        headers.put("Last-Modified", lastModifiedText());
        headers.put("Accept-Ranges", "bytes");
        return headers;
    }

    /** Answers 200, 206 or 416 and streams the body; {@code honourRange} false models a server that ignores ranges. */
    void serve(RawRequest request, RawReply reply, boolean honourRange) {
        Map<String, String> headers = headers();
        String range = honourRange && ifRangeHolds(request) ? request.header("Range") : null;
        long[] span = range == null ? null : parseRange(range);
        if (span == null) {
            headers.put("Content-Length", Long.toString(size));
            reply.head(200, headers).body(bodyName, 0, size, false, reply::finish);
        } else if (span[0] >= size) {
            headers.put("Content-Range", "bytes */" + size);
            reply.send(416, headers, new byte[0]);
        } else {
            headers.put("Content-Length", Long.toString(span[1] - span[0] + 1));
            headers.put("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + size);
            reply.head(206, headers).body(bodyName, span[0], span[1] + 1, false, reply::finish);
        }
    }

    /** RFC 9110 §13.1.1-13.1.3: If-None-Match decides when present, else If-Modified-Since (not before = 304). */
    boolean notModified(RawRequest request) {
        String ifNoneMatch = request.header("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String opaque = tag.strip().replaceFirst("^W/", "");
                if (opaque.equals("*") || opaque.equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = request.header("If-Modified-Since");
        if (ifModifiedSince == null) {
            return false;
        }
        try {
            Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !since.isBefore(lastModified);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** No If-Range, or one equal to the strong ETag or the exact Last-Modified text. */
    private boolean ifRangeHolds(RawRequest request) {
        String ifRange = request.header("If-Range");
        return ifRange == null || ifRange.equals(etag) || ifRange.equals(lastModifiedText());
    }

    /** The inclusive span of a single byte range, or null for a header this origin ignores (several ranges, junk). */
    private long[] parseRange(String header) {
        if (!header.startsWith("bytes=") || header.contains(",")) {
            return null;
        }
        String spec = header.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        try {
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                return suffix == 0 ? null : new long[]{Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(spec.substring(0, dash));
            String lastText = spec.substring(dash + 1);
            long last = lastText.isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(lastText));
            return last < first && first < size ? null : new long[]{first, last};
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }
}
