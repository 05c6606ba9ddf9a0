package dev.haul.trigger;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.fetch.Fetcher;
import dev.haul.report.BatchReport;

/**
 * Builds the expensive parts at start-up instead of on the first invocation: the S3 client (the SDK's own
 * initialisation is the largest single cost), the HTTP client and its pool, and Jackson's serialisers for reports.
 * On Lambda this work then happens in the init phase, which SnapStart captures in its snapshot; no request is sent.
 */
class Warmup {

    void onStart(@Observes StartupEvent event, S3AsyncClient s3, Fetcher fetcher, ObjectMapper json)
            throws JsonProcessingException {
        s3.serviceClientConfiguration();
        fetcher.toString();
        json.writeValueAsBytes(BatchReport.of("warmup", null, Instant.EPOCH, Instant.EPOCH, null, List.of()));
    }
}
