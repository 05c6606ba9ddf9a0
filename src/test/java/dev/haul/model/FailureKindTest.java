package dev.haul.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two questions a failure answers, side by side: try again now, inside this invocation, or have the queue deliver
 * the message again later.
 */
class FailureKindTest {

    @ParameterizedTest(name = "{0} {1}: retry now {2}, deliver again later {3}")
    @CsvSource(nullValues = "-", value = {
            // kind,             status, retry now, deliver again later
            "CONNECT,            -,   true,  true",
            // A name that does not resolve now may resolve in a moment: a resolver's hiccup, a record just created.
            "DNS,                -,   true,  true",
            "CONNECTION_LOST,    -,   true,  true",
            "FIRST_BYTE_TIMEOUT, -,   true,  true",
            "IDLE_TIMEOUT,       -,   true,  true",
            "HTTP_STATUS,        408, true,  true",
            "HTTP_STATUS,        429, true,  true",
            "HTTP_STATUS,        500, true,  true",
            "HTTP_STATUS,        502, true,  true",
            "HTTP_STATUS,        503, true,  true",
            "HTTP_STATUS,        504, true,  true",
            // A 501 or 505 will not pass within seconds, but a later delivery may find the origin fixed.
            "HTTP_STATUS,        501, false, true",
            "HTTP_STATUS,        505, false, true",
            "HTTP_STATUS,        404, false, false",
            "HTTP_STATUS,        403, false, false",
            "HTTP_STATUS,        -,   false, false",
            // The invocation's own limits: no time is left now, a fresh invocation has its own.
            "TOTAL_TIMEOUT,      -,   false, true",
            "DEADLINE,           -,   false, true",
            // The SDK retries S3 itself; a full disk stays full for a backoff's seconds. Later, both may pass.
            "STORE,              -,   false, true",
            "SPOOL,              -,   false, true",
            // What the URL is or what its origin serves: the same answer every time.
            "BLOCKED,            -,   false, false",
            "REDIRECT,           302, false, false",
            "INTEGRITY,          200, false, false",
            "TLS,                -,   false, false",
            "KEY_CONFLICT,       -,   false, false"
    })
    void eachKind_answersRetryNowAndDeliverAgainLater(FailureKind kind, Integer status, boolean retryNow,
            boolean deliverAgainLater) {
        assertThat(kind.retryNow(status)).as("retry now").isEqualTo(retryNow);
        assertThat(kind.deliverAgainLater(status)).as("deliver again later").isEqualTo(deliverAgainLater);
    }

    @Test
    void everyKindRetriedNow_isAlsoDeliveredAgainLater() {
        Set<Integer> statuses = Set.of(200, 304, 404, 408, 429, 500, 503);
        for (FailureKind kind : EnumSet.allOf(FailureKind.class)) {
            for (Integer status : statuses) {
                if (kind.retryNow(status)) {
                    assertThat(kind.deliverAgainLater(status)).as(kind + " " + status).isTrue();
                }
            }
        }
    }

    @Test
    void theExceptionAsksItsKind() {
        assertThat(new TransferException(FailureKind.HTTP_STATUS, "origin answered 503", 503, null).retryNow())
                .isTrue();
        assertThat(new TransferException(FailureKind.HTTP_STATUS, "origin answered 404", 404, null).retryNow())
                .isFalse();
        assertThat(TransferException.store("PutObject failed", null).retryNow()).isFalse();
        assertThat(EnumSet.allOf(FailureKind.class).stream().map(FailureKind::json).collect(Collectors.toSet()))
                .contains("http-status", "first-byte-timeout", "connection-lost");
    }
}
