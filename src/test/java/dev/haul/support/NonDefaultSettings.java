package dev.haul.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The test profile of the tests that need settings off the test defaults. Every profile is a restart of Haul under
 * test, several seconds each, so these tests share one; each setting says which test needs it and none changes what
 * the others check.
 */
public class NonDefaultSettings implements QuarkusTestProfile {

    /** The origin's own timeouts in this profile: long enough that only the limit under test ends a transfer. */
    public static final String ORIGIN_TIMEOUTS = "60s";
    /** The total timeout in this profile. */
    public static final String TOTAL_TIMEOUT = "3s";
    /** The list a bare scheduled event fetches in this profile. */
    public static final String SCHEDULED_LIST_KEY = "schedules/default.txt";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // ConditionalRefetchTest: send the stored object's validators, so an unchanged body is a 304.
                "haul.fetch.conditional", "true",
                // ScheduledDefaultListTest: what a bare scheduled event fetches.
                "haul.schedule.manifest-url", "s3://" + TestServers.BUCKET + "/" + SCHEDULED_LIST_KEY,
                // TransferTimeLimitsTest: a total timeout well below the origin's own timeouts.
                "haul.fetch.total-timeout", TOTAL_TIMEOUT,
                "haul.fetch.first-byte-timeout", ORIGIN_TIMEOUTS,
                "haul.fetch.idle-timeout", ORIGIN_TIMEOUTS);
    }
}
