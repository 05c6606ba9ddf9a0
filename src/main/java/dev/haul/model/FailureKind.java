package dev.haul.model;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/** The closed set of reasons a URL can fail, as they appear in reports and logs. */
public enum FailureKind {
    /** The URL policy refused the URL or one of its redirects: a private, loopback or metadata address, say. */
    BLOCKED,
    /** The origin answered with a status outside 2xx. */
    HTTP_STATUS,
    /** No TCP/TLS connection could be made (refused, unreachable). */
    CONNECT,
    /**
     * The host name did not resolve (or resolved to no address). Not {@link #BLOCKED}: nothing was refused, there was
     * simply no address to check or to reach. Retried, as a resolver's hiccup passes.
     */
    DNS,
    /**
     * The TLS handshake with the origin failed: its certificate is not trusted, has expired or does not name the URL's
     * host. Trying again changes nothing.
     */
    TLS,
    /** The connection broke while the request or body was in flight. */
    CONNECTION_LOST,
    /** Nothing arrived within the first-byte timeout. */
    FIRST_BYTE_TIMEOUT,
    /** The body stalled longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** The URL as a whole took longer than the total timeout. */
    TOTAL_TIMEOUT,
    /** The invocation's deadline came before the URL finished; it was stopped so the batch could report. */
    DEADLINE,
    /** Too many redirects, a redirect without a usable Location, or a loop. */
    REDIRECT,
    /** The body did not match what the origin declared (length). */
    INTEGRITY,
    /** The local spool (disk) failed. */
    SPOOL,
    /** S3 refused or failed the upload. */
    STORE,
    /**
     * The key already holds an object from another source (another URL, or not written by Haul), or another writer
     * stored one there while this body was on its way. Nothing is replaced unless the batch says
     * {@code options.overwrite}.
     */
    KEY_CONFLICT;

    private static final Set<Integer> RETRY_NOW_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    /**
     * Whether to try again now, inside this invocation, after a backoff: connection failures, timeouts, and the
     * statuses that mean "later" (408, 429, 500, 502, 503, 504). Not S3 or the disk: the SDK retries S3 calls itself,
     * and a full disk stays full for the seconds a retry would wait.
     */
    public boolean retryNow(Integer httpStatus) {
        return switch (this) {
            case CONNECT, DNS, CONNECTION_LOST, FIRST_BYTE_TIMEOUT, IDLE_TIMEOUT -> true;
            case HTTP_STATUS -> httpStatus != null && RETRY_NOW_STATUSES.contains(httpStatus);
            default -> false;
        };
    }

    /**
     * Whether the queue should deliver the URL's message again later, in another invocation: everything that could
     * pass with time (network trouble, timeouts, the deadline, S3 and disk errors, 408, 429 and every 5xx). A 404, a
     * refused URL, a redirect loop, a bad certificate or a body that broke its own length stays so.
     */
    public boolean deliverAgainLater(Integer httpStatus) {
        return switch (this) {
            case HTTP_STATUS -> httpStatus != null && (httpStatus == 408 || httpStatus == 429 || httpStatus >= 500);
            case BLOCKED, REDIRECT, INTEGRITY, TLS, KEY_CONFLICT -> false;
            default -> true;
        };
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
