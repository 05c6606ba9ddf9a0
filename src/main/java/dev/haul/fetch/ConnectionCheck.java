package dev.haul.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Consumer;

import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.net.SocketAddress;

import dev.haul.fetch.policy.Decision;
import dev.haul.fetch.policy.Rule;
import dev.haul.fetch.policy.UrlPolicy;

/**
 * Runs for every request the origin client makes, after it has a connection and before any byte of the request is
 * written: checks the address the connection really reached against the URL policy, and installs the body-overrun
 * guard on the connection.
 *
 * <p>This is what keeps the policy whole although the client resolves host names itself: {@link Fetcher} checks
 * every address of a hop's host before the request, and this checks the one the client then connected to, on new
 * and pooled connections alike. A refused peer gets nothing: the request is reset, and the item is blocked with the
 * reason the policy gives for that address.
 */
final class ConnectionCheck implements Consumer<HttpClientRequest> {

    private final UrlPolicy policy;

    ConnectionCheck(UrlPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void accept(HttpClientRequest request) {
        OriginExchange exchange = OriginExchange.current();
        if (exchange == null) {
            // Not a call Haul made through Fetcher, so nothing says where it may go: it goes nowhere.
            request.reset(0, new IllegalStateException("origin requests must be made through Fetcher"));
            return;
        }
        Optional<Decision.Refused> refused = refusal(exchange, request.connection().remoteAddress());
        if (refused.isPresent()) {
            exchange.refuse(request, Fetcher.refusal(refused.get()));
            // A reset of a request not yet sent would hand the connection back to the pool: it must not stay open.
            request.connection().close();
            return;
        }
        exchange.attach(request, BodyOverrunGuard.on(request.connection()));
    }

    private Optional<Decision.Refused> refusal(OriginExchange exchange, SocketAddress peer) {
        InetAddress address;
        try {
            // The connection's address is always numeric: this reads it, it never looks anything up.
            address = InetAddress.getByName(peer.hostAddress());
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.of(new Decision.Refused(exchange.url(), Rule.MALFORMED,
                    "the connection's address could not be read"));
        }
        return policy.checkPeer(exchange.url(), address, peer.port());
    }
}
