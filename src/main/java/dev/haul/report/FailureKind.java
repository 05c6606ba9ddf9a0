package dev.haul.report;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The closed set of reasons a URL can fail, as they appear in reports and logs. */
public enum FailureKind {
    /** The URL policy refused the URL or one of its redirects: a private, loopback or metadata address, say. */
    BLOCKED,
    /** The origin answered with a status outside 2xx. */
    HTTP_STATUS,
    /** No TCP/TLS connection could be made (refused, unreachable, name not resolved). */
    CONNECT,
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
    STORE;

    /**
     * Whether the same request could succeed later: network trouble, timeouts, the deadline, S3 and disk errors, and
     * the HTTP statuses that say "later" (408, 429, 5xx). A 404, a refused URL or a body over the limit stays so.
     */
    public boolean isTransient(Integer httpStatus) {
        return switch (this) {
            case HTTP_STATUS -> httpStatus != null && (httpStatus == 408 || httpStatus == 429 || httpStatus >= 500);
            case BLOCKED, REDIRECT, INTEGRITY, TLS -> false;
            default -> true;
        };
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
