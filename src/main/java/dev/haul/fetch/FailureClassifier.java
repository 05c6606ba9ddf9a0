package dev.haul.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.http.HttpClosedException;

import dev.haul.model.FailureKind;
import dev.haul.model.TransferException;

/** Turns what the HTTP stack throws into a {@link TransferException} with the kind a user can act on. */
public final class FailureClassifier {

    private FailureClassifier() {}

    public static TransferException classify(Throwable error) {
        return classify(error, List.of());
    }

    /**
     * As {@link #classify(Throwable)}, with every one of {@code secrets} (the request's header values) cut out of the
     * message: an HTTP client's error text may quote a header it refused, and reports, manifests and logs must never
     * hold a token.
     */
    public static TransferException classify(Throwable error, Collection<String> secrets) {
        Optional<TransferException> known = TransferException.foundIn(error);
        if (known.isPresent()) {
            return known.get();
        }
        // A refused certificate is an SSLException caused by a CertificateException (or deeper): the walk to the root
        // notes one anywhere along the chain, and the root says why.
        Throwable root = error;
        boolean tls = root instanceof SSLException;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            tls |= root instanceof SSLException;
        }
        String detail = redacted(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage(),
                secrets);
        if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof ConnectTimeoutException) {
            return new TransferException(FailureKind.CONNECT, "could not connect: " + detail, null, error);
        }
        if (root instanceof UnknownHostException) {
            return new TransferException(FailureKind.DNS, "host name did not resolve: " + detail, null, error);
        }
        if (tls) {
            // E.g. "unable to find valid certification path", "No subject alternative names matching ...".
            return new TransferException(FailureKind.TLS, "TLS failed: " + detail, null, error);
        }
        if (root instanceof HttpClosedException || root instanceof ClosedChannelException
                || root instanceof IOException) {
            return new TransferException(FailureKind.CONNECTION_LOST, "connection lost: " + detail, null, error);
        }
        return new TransferException(FailureKind.CONNECTION_LOST, "request failed: " + detail, null, error);
    }

    /** Values of fewer than four characters are left: cutting "1" out of a message would only garble it. */
    private static String redacted(String message, Collection<String> secrets) {
        String out = message;
        for (String secret : secrets) {
            if (secret.strip().length() >= 4) {
                out = out.replace(secret, "<header value>").replace(secret.strip(), "<header value>");
            }
        }
        return out;
    }
}
