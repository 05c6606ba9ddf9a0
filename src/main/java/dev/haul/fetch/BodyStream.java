package dev.haul.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.netty.buffer.Unpooled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;

import dev.haul.model.FailureKind;
import dev.haul.model.TransferException;

/**
 * Turns the REST Client's blocking body {@link InputStream} into a stream of batches for the spool, with Mutiny
 * timeouts on every read.
 *
 * <p>Each batch is one byte array the size of the spool's write batch (or of what is left of a declared body), filled
 * by as many reads as it takes, on a worker of a bounded pool (never an event loop). Each read is a {@link Uni}
 * guarded by {@code ifNoItem()}: the first gets what is left of the first-byte timeout, every later one the idle
 * timeout. A read only starts when the spool has asked for the next batch, so the clock runs only while Haul waits
 * for the origin, never while it waits for its disk or for S3. A read that times out is unblocked by the caller
 * resetting the request (see {@link Fetcher}), which is what ends its blocking wait.
 *
 * <p>Not thread-safe: one batch is read at a time, each after the previous one has been taken.
 */
final class BodyStream {

    /** Bytes read before a batch goes to the spool: the spool's own write size, so a batch is written as it is. */
    static final int BATCH_BYTES = 256 * 1024;
    /** A batch is handed on after this many reads even when not full, which bounds the work of an origin trickling. */
    private static final int MAX_READS_PER_BATCH = 64;

    private final InputStream in;
    private final OptionalLong declared;
    private final CompletionStage<Long> overrun;
    private final Duration firstByteLeft;
    private final Duration idle;
    private long received;
    private boolean started;
    private boolean ended;

    private BodyStream(InputStream in, OptionalLong declared, CompletionStage<Long> overrun,
            Duration firstByteLeft, Duration idle) {
        this.in = in;
        this.declared = declared;
        this.overrun = overrun;
        this.firstByteLeft = firstByteLeft;
        this.idle = idle;
    }

    /**
     * The body as batches. {@code overrun} tells, once the body has ended, how many bytes the origin sent beyond its
     * Content-Length: a body with any is a failure. It must be taken when the response head arrives: once the body
     * has ended, the connection may already carry another request.
     */
    static Multi<Buffer> of(InputStream in, OptionalLong declared, CompletionStage<Long> overrun,
            Duration firstByteLeft, Duration idle, Executor readers) {
        BodyStream body = new BodyStream(in, declared, overrun, firstByteLeft, idle);
        return Multi.createBy().repeating()
                .uni(() -> body.nextBatch().runSubscriptionOn(readers))
                .whilst(ignored -> !body.ended)
                .select().where(batch -> batch.length() > 0);
    }

    /** Reads until the batch is full, the body ends, or {@value #MAX_READS_PER_BATCH} reads have been made. */
    private Uni<Buffer> nextBatch() {
        byte[] batch = new byte[capacity()];
        // Wrapped, not copied: the spool writes a full batch as it is.
        return fill(batch, 0, 0).map(filled -> Buffer.newInstance(io.vertx.core.buffer.Buffer.buffer(
                Unpooled.wrappedBuffer(batch, 0, filled))));
    }

    /**
     * Room for the next batch: a whole batch, or what is left of a declared body plus one byte, so that the read
     * which finds the end has somewhere to look and a small body does not allocate a whole batch.
     */
    private int capacity() {
        if (declared.isPresent()) {
            return (int) Math.min(BATCH_BYTES, Math.max(declared.getAsLong() - received, 0) + 1);
        }
        return BATCH_BYTES;
    }

    private Uni<Integer> fill(byte[] batch, int filled, int reads) {
        if (filled == batch.length || reads == MAX_READS_PER_BATCH) {
            return Uni.createFrom().item(filled);
        }
        return read(batch, filled).flatMap(count -> {
            if (count < 0) {
                ended = true;
                // Checked before the last batch is handed on, while nothing downstream is still at work on it.
                return checkOverrun().replaceWith(filled);
            }
            received += count;
            return fill(batch, filled + count, reads + 1);
        });
    }

    /** One blocking read, on the thread that asks; fails when the origin sends nothing in time. */
    private Uni<Integer> read(byte[] batch, int offset) {
        boolean first = !started;
        started = true;
        Duration limit = first ? firstByteLeft : idle;
        return Uni.createFrom().item(() -> {
            try {
                return in.read(batch, offset, batch.length - offset);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })
                .ifNoItem().after(limit).failWith(() -> first
                        ? new TransferException(FailureKind.FIRST_BYTE_TIMEOUT,
                                "no body byte within the first-byte timeout")
                        : new TransferException(FailureKind.IDLE_TIMEOUT, "body stalled: no data for " + Durations
                                .text(idle)))
                .onFailure(e -> !(e instanceof TransferException)).transform(FailureClassifier::classify);
    }

    /** The body is complete by its framing; it ends once the origin is known to have sent nothing beyond it. */
    private Uni<Void> checkOverrun() {
        return Uni.createFrom().completionStage(overrun).invoke(extra -> {
            if (extra != null && extra > 0) {
                throw new TransferException(FailureKind.INTEGRITY,
                        "the origin sent more bytes than its Content-Length (" + extra + " beyond it)");
            }
        }).replaceWithVoid();
    }
}
