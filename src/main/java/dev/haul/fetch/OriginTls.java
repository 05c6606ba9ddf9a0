package dev.haul.fetch;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManagerFactory;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

import dev.haul.model.TransferException;

/**
 * TLS for origin connections: the JDK's engine, with the peer checked before the handshake and session resumption
 * off.
 *
 * <p>The client resolves host names itself, so a name whose DNS answers change (rebinding) can lead a connection to
 * an address {@link Fetcher}'s check never saw. Two things keep that harmless on https:
 * <ul>
 * <li>The connection's real address is checked against the URL policy the moment the TCP connection is up, before
 * the TLS handshake starts ({@link PeerCheckedHandshake}): a refused peer is sent nothing at all, not even a
 * ClientHello (whose SNI name and session ticket are bytes an attacker may choose).</li>
 * <li>No session is resumed: the JDK caches and looks up client sessions by the host and port an engine is created
 * for, and does neither without a port. Engines are created here with the host (SNI and hostname verification use
 * the host alone) and no port, so every connection makes a full handshake and carries nothing from an earlier
 * one.</li>
 * </ul>
 */
final class OriginTls extends JdkSSLEngineOptions {

    private final PeerPolicy policy;

    /** What the check before a handshake asks: the refusal of {@code peer} for a URL whose host is {@code host}. */
    @FunctionalInterface
    interface PeerPolicy {
        Optional<TransferException> refusal(String host, InetSocketAddress peer);
    }

    OriginTls(PeerPolicy policy) {
        this.policy = policy;
    }

    @Override
    public SslContextFactory sslContextFactory() {
        return new Factory(super.sslContextFactory(), policy);
    }

    @Override
    public JdkSSLEngineOptions copy() {
        return new OriginTls(policy);
    }

    /** Configures the JDK's factory as Vert.x asks, and wraps what it creates. */
    private record Factory(SslContextFactory jdk, PeerPolicy policy) implements SslContextFactory {

        @Override
        public SslContextFactory useAlpn(boolean useAlpn) {
            jdk.useAlpn(useAlpn);
            return this;
        }

        @Override
        public SslContextFactory clientAuth(ClientAuth clientAuth) {
            jdk.clientAuth(clientAuth);
            return this;
        }

        @Override
        public SslContextFactory forClient(boolean forClient) {
            jdk.forClient(forClient);
            return this;
        }

        @Override
        public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
            jdk.keyMananagerFactory(kmf);
            return this;
        }

        @Override
        public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
            jdk.trustManagerFactory(tmf);
            return this;
        }

        @Override
        public SslContextFactory enabledCipherSuites(Set<String> enabledCipherSuites) {
            jdk.enabledCipherSuites(enabledCipherSuites);
            return this;
        }

        @Override
        public SslContextFactory applicationProtocols(List<String> applicationProtocols) {
            jdk.applicationProtocols(applicationProtocols);
            return this;
        }

        @Override
        public SslContextFactory serverName(String serverName) {
            jdk.serverName(serverName);
            return this;
        }

        @Override
        public SslContext create() throws SSLException {
            return new PortlessEngines(jdk.create(), policy);
        }
    }

    /** The JDK context, creating every engine without a port, and handlers that check the peer first. */
    @SuppressWarnings("deprecation")
    private static final class PortlessEngines extends SslContext {

        private final SslContext jdk;
        private final PeerPolicy policy;

        PortlessEngines(SslContext jdk, PeerPolicy policy) {
            this.jdk = jdk;
            this.policy = policy;
        }

        @Override
        protected SslHandler newHandler(ByteBufAllocator alloc, String peerHost, int peerPort, boolean startTls,
                Executor executor) {
            return new PeerCheckedHandshake(newEngine(alloc, peerHost, peerPort), startTls, executor, peerHost,
                    policy);
        }

        @Override
        public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
            return jdk.newEngine(alloc, peerHost, -1);
        }

        @Override
        public SSLEngine newEngine(ByteBufAllocator alloc) {
            return jdk.newEngine(alloc);
        }

        @Override
        public boolean isClient() {
            return jdk.isClient();
        }

        @Override
        public List<String> cipherSuites() {
            return jdk.cipherSuites();
        }

        @Override
        public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
            return jdk.applicationProtocolNegotiator();
        }

        @Override
        public SSLSessionContext sessionContext() {
            return jdk.sessionContext();
        }
    }

    /**
     * Starts the handshake only once the address the connection reached has passed the policy. A refused one ends the
     * connection attempt with the refusal as its cause (the way the client learns of a failed handshake), and is
     * closed with nothing written.
     */
    private static final class PeerCheckedHandshake extends SslHandler {

        private final String host;
        private final PeerPolicy policy;

        PeerCheckedHandshake(SSLEngine engine, boolean startTls, Executor executor, String host, PeerPolicy policy) {
            super(engine, startTls, executor);
            this.host = host;
            this.policy = policy;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            Optional<TransferException> refused = ctx.channel().remoteAddress() instanceof InetSocketAddress peer
                    ? policy.refusal(host, peer)
                    : Optional.empty();
            if (refused.isPresent()) {
                ctx.pipeline().addAfter(ctx.name(), "haul-refused-peer", new FirstHandshakeOutcomeOnly());
                ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(refused.get()));
                // From this handler's place, so the close goes straight to the socket: no TLS close_notify either.
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }
    }

    /** Lets the refusal through as the handshake's outcome, and not the failure the closed channel reports next. */
    private static final class FirstHandshakeOutcomeOnly extends ChannelInboundHandlerAdapter {

        private boolean told;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent) {
                if (told) {
                    return;
                }
                told = true;
            }
            ctx.fireUserEventTriggered(event);
        }
    }
}
