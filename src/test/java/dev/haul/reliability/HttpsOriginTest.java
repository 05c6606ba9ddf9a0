package dev.haul.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.FaultyOrigin;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestCertificate;
import dev.haul.support.TestServers;

/**
 * https origins, as almost every real one is. The origin's certificate names {@code localhost} only, and is signed by
 * an authority Haul trusts through {@code haul.fetch.extra-ca-certs} (added to the JVM's own). A URL that names the
 * origin by its address must still fail the certificate's host name check.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(HttpsOriginTest.PrivateAuthority.class)
class HttpsOriginTest extends HaulTestSupport {

    private static final Path DIR = Path.of("target/test-tls");

    /** Makes the certificates before Haul starts, and trusts one of them; {@code localhost} may resolve to ::1 too. */
    public static class PrivateAuthority implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            TestCertificate trusted = TestCertificate.selfSigned(DIR, "trusted", "localhost");
            TestCertificate.selfSigned(DIR, "stranger", "localhost");
            return Map.of("haul.fetch.extra-ca-certs", trusted.pem().toString(),
                    "haul.fetch.allow", "127.0.0.1/32,::1/128");
        }
    }

    private static FaultyOrigin trusted;
    private static FaultyOrigin trustedByAddress;
    private static FaultyOrigin stranger;

    @BeforeAll
    static void origins() throws Exception {
        trusted = FaultyOrigin.tls(TestCertificate.at(DIR, "trusted").serverKey(), "localhost");
        trustedByAddress = FaultyOrigin.tls(TestCertificate.at(DIR, "trusted").serverKey(), "127.0.0.1");
        stranger = FaultyOrigin.tls(TestCertificate.at(DIR, "stranger").serverKey(), "localhost");
    }

    @AfterAll
    static void stop() throws Exception {
        for (FaultyOrigin origin : new FaultyOrigin[]{trusted, trustedByAddress, stranger}) {
            if (origin != null) {
                origin.close();
            }
        }
    }

    @Test
    void httpsOriginSignedByAnExtraAuthority_isStoredByteExact() throws Exception {
        JsonPath report = invoke(batch(trusted.url("/ok/secure/3000000")));

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getString("items[0].sha256")).isEqualTo(Bodies.sha256("secure", 3_000_000));
        assertThat(bucket.sha256(report.getString("items[0].key"))).isEqualTo(Bodies.sha256("secure", 3_000_000));
    }

    @Test
    void certificateFromAnUntrustedAuthority_failsAsTls_once_andNothingIsStored() {
        assertRefusedCertificate(stranger, "/ok/untrusted/1000", "unable to find valid certification path");
    }

    @Test
    void certificateThatDoesNotNameTheUrlsHost_failsAsTls_once_andNothingIsStored() {
        assertRefusedCertificate(trustedByAddress, "/ok/wrong-name/1000", "matching IP address 127.0.0.1");
    }

    @Test
    void bodyLongerThanItsContentLength_isCaughtOverTlsToo() {
        JsonPath report = invoke(batch(trusted.url("/long/secure-long/100000")));

        assertThat(report.getString("items[0].status")).isEqualTo("failed");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo("integrity");
        assertThat(bucket.exists(report.getString("items[0].key"))).isFalse();
    }

    /** The handshake failed, so no request reached the origin; the reason is reported, and never retried. */
    private void assertRefusedCertificate(FaultyOrigin origin, String path, String reason) {
        JsonPath report = invoke(batch(origin.url(path)));

        assertThat(report.getString("items[0].status")).isEqualTo("failed");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo("tls");
        assertThat(report.getString("items[0].failure.message")).startsWith("TLS failed: ").contains(reason);
        assertThat(report.getInt("items[0].attempts")).as("a refused certificate is not retried").isEqualTo(1);
        assertThat(origin.requests()).as("requests that reached the origin").isZero();
        assertThat(bucket.exists(report.getString("items[0].key"))).isFalse();
    }

    private static String batch(String url) {
        return BatchJson.urls(url).json();
    }
}
