package dev.haul.fetch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.mutiny.core.buffer.Buffer;

import dev.haul.model.FailureKind;
import dev.haul.model.TransferException;

/**
 * Reads a paused response body one chunk at a time, asking the connection for the next chunk only when the
 * previous one has been dealt with.
 *
 * <p>This is what makes the timeouts honest under backpressure: each wait is a {@link Uni} guarded by
 * {@code ifNoItem()}, and the clock only runs while Haul is actually waiting for the origin, not while it waits for
 * its own disk or for S3. (A per-item timeout on the whole stream would also count the time spent uploading, and
 * call a slow S3 a stalled origin.) The first chunk gets what is left of the first-byte timeout, every later one the
 * idle timeout.
 */
final class BodyReader {

    private final HttpClientResponse response;
    private final Queue<io.vertx.core.buffer.Buffer> ready = new ArrayDeque<>();
    private UniEmitter<? super Optional<Buffer>> waiting;
    private final CompletionStage<Long> overrun;
    private boolean ended;
    private Throwable failure;

    private BodyReader(HttpClientResponse response, CompletionStage<Long> overrun) {
        this.response = response;
        this.overrun = overrun;
    }

    /**
     * The body as a stream of chunks; {@code response} must be paused and not yet read. {@code overrun} tells, once
     * the body has ended, how many bytes the origin sent beyond its Content-Length: a body with any is a failure.
     */
    static Multi<Buffer> stream(HttpClientResponse response, CompletionStage<Long> overrun, Duration firstByteLeft,
            Duration idle) {
        BodyReader reader = new BodyReader(response, overrun);
        response.handler(reader::onChunk).endHandler(ignored -> reader.onEnd()).exceptionHandler(reader::onFailure);
        boolean[] started = {false};
        return Multi.createBy().repeating()
                .uni(() -> {
                    boolean first = !started[0];
                    started[0] = true;
                    Duration limit = first ? firstByteLeft : idle;
                    return reader.next().ifNoItem().after(limit).failWith(() -> first
                            ? new TransferException(FailureKind.FIRST_BYTE_TIMEOUT,
                                    "no body byte within the first-byte timeout")
                            : new TransferException(FailureKind.IDLE_TIMEOUT, "body stalled: no data for " + Durations
                                    .text(idle)));
                })
                .until(Optional::isEmpty)
                .map(Optional::get);
    }

    private Uni<Optional<Buffer>> next() {
        return Uni.createFrom().emitter(emitter -> {
            io.vertx.core.buffer.Buffer chunk;
            Throwable error;
            boolean end;
            synchronized (this) {
                chunk = ready.poll();
                error = failure;
                end = ended;
                if (chunk == null && error == null && !end) {
                    waiting = emitter;
                }
            }
            if (chunk != null) {
                emitter.complete(Optional.of(Buffer.newInstance(chunk)));
            } else if (error != null) {
                emitter.fail(error);
            } else if (end) {
                emitter.complete(Optional.empty());
            } else {
                response.fetch(1);
            }
        });
    }

    private void onChunk(io.vertx.core.buffer.Buffer chunk) {
        UniEmitter<? super Optional<Buffer>> emitter;
        synchronized (this) {
            emitter = waiting;
            waiting = null;
            if (emitter == null) {
                ready.add(chunk);
            }
        }
        if (emitter != null) {
            emitter.complete(Optional.of(Buffer.newInstance(chunk)));
        }
    }

    /** The body is complete by its framing; it ends once the origin is known to have sent nothing beyond it. */
    private void onEnd() {
        overrun.whenComplete((extra, error) -> {
            if (extra != null && extra > 0) {
                onFailure(new TransferException(FailureKind.INTEGRITY,
                        "the origin sent more bytes than its Content-Length (" + extra + " beyond it)"));
            } else {
                markEnded();
            }
        });
    }

    private void markEnded() {
        UniEmitter<? super Optional<Buffer>> emitter;
        synchronized (this) {
            ended = true;
            emitter = ready.isEmpty() ? waiting : null;
            if (emitter != null) {
                waiting = null;
            }
        }
        if (emitter != null) {
            emitter.complete(Optional.empty());
        }
    }

    private void onFailure(Throwable error) {
        UniEmitter<? super Optional<Buffer>> emitter;
        synchronized (this) {
            failure = FailureClassifier.classify(error);
            emitter = waiting;
            waiting = null;
        }
        if (emitter != null) {
            emitter.fail(failure);
        }
    }
}
