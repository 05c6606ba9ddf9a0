package dev.haul.batch;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Batch ids: safe as an S3 key segment and sortable by time when Haul makes them. */
public final class BatchIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private BatchIds() {}

    public static String generate() {
        byte[] suffix = new byte[5];
        // Uniqueness, not secrecy, is needed here; ThreadLocalRandom also keeps class init native-safe.
        ThreadLocalRandom.current().nextBytes(suffix);
        return STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + HexFormat.of().formatHex(suffix);
    }

    public static boolean isValid(String id) {
        return VALID.matcher(id).matches();
    }
}
