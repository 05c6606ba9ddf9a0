package dev.haul.spool;

import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Gets the checksum code compiled at start-up, before the first body arrives ({@link BodyChecksums#prime}); on
 * Lambda that is the init phase, which SnapStart snapshots.
 */
class ChecksumPriming {

    void onStart(@Observes StartupEvent event) {
        BodyChecksums.prime();
    }
}
