package dev.haul.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One {@link S3FaultProxy} rule: requests it matches are answered with an S3 error instead of being forwarded, until it
 * has fired {@code times} times. Firing is atomic, so concurrent requests never take more than {@code times}.
 */
final class InjectedFault {

    private final Predicate<S3FaultProxy.Call> matches;
    private final AtomicInteger remaining;
    final int status;
    final String code;
    final String message;

    InjectedFault(Predicate<S3FaultProxy.Call> matches, int times, int status, String code, String message) {
        this.matches = matches;
        this.remaining = new AtomicInteger(times);
        this.status = status;
        this.code = code;
        this.message = message;
    }

    /** Takes one firing if this rule matches the call and has any left. */
    boolean fire(S3FaultProxy.Call call) {
        return matches.test(call) && remaining.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    String xml() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>injected</RequestId></Error>";
    }
}
