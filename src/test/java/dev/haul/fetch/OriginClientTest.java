package dev.haul.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.haul.fetch.policy.HostResolver;
import dev.haul.model.FetchItem;
import dev.haul.support.BatchJson;
import dev.haul.support.Bodies;
import dev.haul.support.FaultyOrigin;
import dev.haul.support.HandshakeCountingOrigin;
import dev.haul.support.HaulTestSupport;
import dev.haul.support.TestCertificate;
import dev.haul.support.TestServers;
import dev.haul.support.TrapListener;

/**
 * The origin client as the URL policy and the connection pool need it to be.
 *
 * <p>DNS rebinding, for real: the policy's resolver answers {@code *.haul.test} with 127.0.0.1 (allowed in tests),
 * while the HTTP client's own resolver reads a hosts file that sends {@code rebind.haul.test} to 127.0.0.2, which the
 * policy refuses, and where a {@link TrapListener} counts every byte it gets. Whatever the client connected to must
 * be checked again before anything is sent there.
 *
 * <p>A pool of one ({@code per-host-concurrency=1}): a connection that a request given up on failed to reset or
 * return would leave nothing for the next request, so the batch after each way of giving up proves none leaked.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
@TestProfile(OriginClientTest.RebindingDns.class)
class OriginClientTest extends HaulTestSupport {

    private static final Path DIR = Path.of("target/test-dns");
    private static final String REFUSED_PEER = "host 'rebind.haul.test' resolves to 127.0.0.2, a loopback address";

    public static class RebindingDns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(DIR);
                Path hosts = Files.writeString(DIR.resolve("hosts"),
                        "127.0.0.2 rebind.haul.test\n127.0.0.1 allowed.haul.test localhost\n");
                TestCertificate rebind = TestCertificate.selfSigned(DIR, "rebind", "rebind.haul.test");
                TestCertificate sessions = TestCertificate.selfSigned(DIR, "sessions", "allowed.haul.test");
                // Quarkus has Vert.x use the JVM's resolver unless asked otherwise, and records that in a system
                // property an earlier test's start-up may have set in this JVM: this test needs Vert.x's own resolver,
                // which reads the hosts file above.
                System.clearProperty("vertx.disableDnsResolver");
                return Map.of("quarkus.vertx.use-async-dns", "true",
                        "quarkus.vertx.resolver.hosts-path", hosts.toString(),
                        "haul.fetch.extra-ca-certs", rebind.pem() + "," + sessions.pem(),
                        "haul.fetch.per-host-concurrency", "1");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(PolicyResolver.class);
        }
    }

    /** What the policy's lookups see: every {@code *.haul.test} name is 127.0.0.1. */
    @Alternative
    @Singleton
    public static class PolicyResolver implements HostResolver {
        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            if (host.endsWith(".haul.test")) {
                return List.of(InetAddress.getByAddress(host, new byte[]{127, 0, 0, 1}));
            }
            return HostResolver.system().resolve(host);
        }
    }

    private static FaultyOrigin tls;

    @Inject
    Fetcher fetcher;

    @BeforeAll
    static void tlsOrigin() throws Exception {
        tls = FaultyOrigin.tls(TestCertificate.at(DIR, "rebind").serverKey(), "rebind.haul.test");
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
    }

    @Test
    void aNameBothResolversSendToAnAllowedAddress_isFetched() {
        JsonPath report = invoke(BatchJson.urls("http://allowed.haul.test:" + origin.port() + "/ok/control/1000")
                .json());

        assertThat(report.getString("items[0].status")).isEqualTo("stored");
        assertThat(report.getString("items[0].sha256")).isEqualTo(Bodies.sha256("control", 1000));
    }

    @Test
    void plainHttp_connectionToARefusedAddress_isBlocked_andNothingIsSentThere() throws Exception {
        try (TrapListener trap = TrapListener.on("127.0.0.2", origin.port())) {
            JsonPath report = invoke(BatchJson.urls("http://rebind.haul.test:" + origin.port() + "/ok/rebind/1000")
                    .json());

            assertBlockedAsRefusedPeer(report);
            assertThat(trap.nextClosedConnectionBytes(10)).as("bytes the refused address received").isZero();
            assertThat(trap.bytes()).isZero();
        }
        assertThat(origin.requests()).as("requests that reached the address the policy checked").isZero();
    }

    @Test
    void https_connectionToARefusedAddress_isBlocked_beforeTheHandshake() throws Exception {
        try (TrapListener trap = TrapListener.on("127.0.0.2", tls.port())) {
            JsonPath report = invoke(BatchJson.urls(tls.url("/ok/rebind-tls/1000")).json());

            assertBlockedAsRefusedPeer(report);
            assertThat(trap.nextClosedConnectionBytes(10)).as("bytes the refused address received (a ClientHello too)")
                    .isZero();
            assertThat(trap.bytes()).isZero();
        }
        assertThat(tls.requests()).isZero();
    }

    @Test
    void https_everyConnectionMakesAFullHandshake_resumingNoEarlierSession() throws Exception {
        // A session resumed on a new connection would carry what an earlier server gave (a ticket) to wherever this
        // one leads, which a rebinding name chooses.
        try (HandshakeCountingOrigin server = HandshakeCountingOrigin.start(TestCertificate.at(DIR, "sessions"))) {
            JsonPath report = invoke(BatchJson.urls(server.url("allowed.haul.test", "/a"),
                    server.url("allowed.haul.test", "/b"), server.url("allowed.haul.test", "/c")).json());

            assertThat(report.getList("items.status")).containsOnly("stored");
            assertThat(server.connections()).isGreaterThanOrEqualTo(3);
            assertThat(server.fullHandshakes()).as("connections that resumed no session").isEqualTo(server
                    .connections());
        }
    }

    @Test
    void aRefusedAddressWithNothingListening_readsExactlyTheSame() {
        // Nothing listens on 127.0.0.2 at these ports: the connection never opens, and the report must not say so.
        JsonPath plain = invoke(BatchJson.urls("http://rebind.haul.test:" + origin.port() + "/ok/closed/1000").json());
        JsonPath secure = invoke(BatchJson.urls(tls.url("/ok/closed-tls/1000")).json());

        assertBlockedAsRefusedPeer(plain);
        assertBlockedAsRefusedPeer(secure);
    }

    private void assertBlockedAsRefusedPeer(JsonPath report) {
        assertThat(report.getString("items[0].status")).isEqualTo("blocked");
        assertThat(report.getString("items[0].failure.kind")).isEqualTo("blocked");
        assertThat(report.getString("items[0].failure.message")).isEqualTo(REFUSED_PEER);
        assertThat(bucket.exists(report.getString("items[0].key"))).isFalse();
    }

    @Test
    void requestHeaders_areExactlyTheItemsOwn_withNoDefaultAcceptMergedIn() {
        invoke(BatchJson.items(
                BatchJson.item(origin.url("/echo-headers?case=accept")).header("Accept", "text/csv"),
                BatchJson.item(origin.url("/echo-headers?case=agent")).header("User-Agent", "nightly-mirror/2"),
                BatchJson.item(origin.url("/echo-headers?case=none"))).json());

        assertThat(origin.headersOf("/echo-headers?case=accept").get(0)).containsEntry("accept", "text/csv");
        assertThat(origin.headersOf("/echo-headers?case=agent").get(0)).containsEntry("user-agent",
                "nightly-mirror/2");
        assertThat(origin.headersOf("/echo-headers?case=none").get(0)).doesNotContainKey("accept")
                .hasEntrySatisfying("user-agent", agent -> assertThat(agent).isEqualTo("Haul/0.1"));
    }

    @Test
    void afterEveryWayOfGivingUpOnARequest_aPoolOfOneStillServesTheNextBatch() {
        // Given up on before the head (first-byte timeout), mid-body (idle timeout), and refused before the body is
        // read (declared length over the limit).
        JsonPath timedOut = invoke(BatchJson.urls(origin.url("/stall-before-headers/100"),
                origin.url("/stall-mid/mid/300000")).json());
        JsonPath tooBig = invoke(BatchJson.urls(origin.url("/ok/too-big/50000")).option("maxBytes", 10000).json());
        assertThat(timedOut.getList("items.failure.kind")).containsExactly("first-byte-timeout", "idle-timeout");
        assertThat(tooBig.getList("items.failure.kind")).containsExactly("integrity");

        // Given up on while waiting for the one pooled connection, which a body nobody reads yet holds.
        OriginResponse holder = fetcher.open(item("/stall-mid/holder/300000"), Map.of()).await()
                .atMost(Duration.ofSeconds(10));
        assertThatThrownBy(() -> fetcher.open(item("/ok/waiter/100"), Map.of()).await().atMost(Duration.ofSeconds(10)))
                .hasMessageContaining("no response within");
        holder.abandon().run();

        JsonPath next = invoke(BatchJson.urls(origin.url("/ok/n1/1000"), origin.url("/ok/n2/2000"),
                origin.url("/ok/n3/3000"), origin.url("/ok/n4/4000")).json());
        assertThat(next.getList("items.status")).containsOnly("stored");
        assertThat(origin.requests("/ok/waiter/100")).as("the request given up on was never sent").isZero();
    }

    private FetchItem item(String path) {
        return new FetchItem(URI.create(origin.url(path)), Optional.empty(), Map.of());
    }
}
