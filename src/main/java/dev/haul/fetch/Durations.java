package dev.haul.fetch;

import java.time.Duration;

/** Durations as people read them in reports: {@code 30s}, {@code 1500ms}. */
public final class Durations {

    private Durations() {}

    public static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
