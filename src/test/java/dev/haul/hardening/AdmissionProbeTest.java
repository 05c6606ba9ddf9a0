package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Events;
import dev.haul.support.NonDefaultSettings;
import dev.haul.support.QueueingTestSupport;
import dev.haul.support.TestServers;

/**
 * Finding 6 (second half): one origin that stalls its reply to the admission HEAD made the whole {@code POST /batches}
 * fail with 500 after a few seconds, with no report. With the production-like first-byte timeout of
 * {@link NonDefaultSettings} (60 s), the HEAD's own short timeout is what ends the wait; the batch, its size unknown,
 * is queued.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(NonDefaultSettings.class)
class AdmissionProbeTest extends QueueingTestSupport {

    @Test
    void originStallingTheAdmissionHead_neverFailsThePost_theBatchOfUnknownSizeIsQueued() {
        String stalling = origin.url("/stall-before-headers/probe-stall/10");

        JsonPath response = invoke(Events.api("POST", "/batches", "application/json",
                BatchJson.urls(stalling, origin.url("/bytes/probe-ok/10")).id("probe-stall").json()));

        assertThat(response.getInt("statusCode")).isEqualTo(202);
        JsonPath accepted = new JsonPath(response.getString("body"));
        assertThat(accepted.getString("batchId")).isEqualTo("probe-stall");
        assertThat(accepted.getString("status")).isEqualTo("queued");
    }

    @Test
    void originWithoutContentLength_makesTheSizeUnknown_andTheBatchIsQueued() {
        JsonPath response = invoke(Events.api("POST", "/batches", "application/json",
                BatchJson.urls(origin.url("/chunked/probe-chunked/10")).id("probe-chunked").json()));

        assertThat(response.getInt("statusCode")).isEqualTo(202);
    }

    @Test
    void redirectingUrl_isSizedAtItsTarget_andRunsWhileTheCallerWaits() {
        String redirecting = origin.url("/redirect?to=" + URLEncoder.encode(origin.url("/bytes/probe-moved/10"),
                StandardCharsets.UTF_8));

        JsonPath response = invoke(Events.api("POST", "/batches", "application/json",
                BatchJson.urls(redirecting).id("probe-moved").json()));

        assertThat(response.getInt("statusCode")).isEqualTo(200);
        assertThat(origin.requests("/bytes/probe-moved/10")).as("the HEAD and the GET").isEqualTo(2);
    }
}
