package dev.haul.fetch;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.core.http.HttpVersion;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.policy.UrlPolicy;

/**
 * Builds the one {@link OriginClient} of the process: one client is one connection pool.
 *
 * <p>HTTP/1.1 only, redirects never followed, no transparent decompression (Haul stores the bytes the origin sent),
 * SNI and hostname verification on, the peer checked before any TLS handshake and TLS
 * sessions never resumed ({@link OriginTls}), no proxy, the JVM's
 * certificate authorities plus the operator's. Pool size, connect timeout and keep-alive go through the builder's
 * properties, since the client sets those on its options after any options customizer has run.
 */
final class OriginClients {

    /** Every call names its own URL; this is never used. */
    private static final URI NO_BASE = URI.create("http://unused.invalid");
    /**
     * Socket reads of up to one spool write batch, and body chunks as large: every chunk is one blocking read and one
     * hand-over between threads in {@link BodyStream}, so fewer, larger ones cost less CPU per byte.
     */
    private static final int READ_BYTES = BodyStream.BATCH_BYTES;

    private OriginClients() {}

    static OriginClient create(HaulConfig.Fetch config, UrlPolicy policy) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(NO_BASE)
                .followRedirects(false)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // A backstop only: Haul's own timeouts come first. It bounds a request nothing waits for any more.
                .readTimeout(config.totalTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, Math.max(config.perHostConcurrency(), 1))
                .property(QuarkusRestClientProperties.KEEP_ALIVE_ENABLED, true)
                .proxyAddress("none", 0)
                .verifyHost(true)
                .enableCompression(false)
                .disableDefaultMapper(true)
                .userAgent(config.userAgent())
                .register(new ItemHeaders(config.userAgent()))
                .httpClientOptionsCustomizer(options -> {
                    options.setProtocolVersion(HttpVersion.HTTP_1_1)
                            .setUseAlpn(false)
                            .setDecompressionSupported(false)
                            .setTryUseCompression(false)
                            .setForceSni(true)
                            .setMaxChunkSize(READ_BYTES)
                            .setReceiveBufferSize(READ_BYTES)
                            .setSslEngineOptions(new OriginTls((host, peer) -> policy.checkPeer(host,
                                    peer.getAddress(), peer.getPort()).map(Fetcher::refusal)));
                    options.getPoolOptions().setMaxWaitQueueSize(-1);
                    config.extraCaCerts().ifPresent(pems -> options.setTrustOptions(
                            OriginTrust.withExtraAuthorities(pems)));
                })
                .httpClientRequestCustomizer(new ConnectionCheck(policy))
                .build(OriginClient.class);
    }
}
