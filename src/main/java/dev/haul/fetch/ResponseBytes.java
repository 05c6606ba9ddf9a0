package dev.haul.fetch;

import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;

/**
 * One request and its response, as far as {@link BodyOverrunGuard} counts them: the raw bytes received, where the head
 * ends, the body length the head declares, and the verdict (bytes beyond the declared length) once it is known. Used
 * only on the connection's event loop.
 */
final class ResponseBytes {
    final CompletableFuture<Long> verdict = new CompletableFuture<>();
    long rawBytes;
    long headLength = -1;
    int headEndMatched;
    /** Body bytes the head declares; -1 when no length frames the body (chunked, bodiless, none given). */
    long declared = -1;
    /** The request was a HEAD: its response has no body whatever its head says. */
    boolean headRequest;
    boolean keepAlive = true;
    boolean ended;
    boolean graceStarted;
    /** After an interim (1xx) answer, which has a head and an end of its own: counting would be off. */
    boolean unwatched;
    boolean inInterim;

    static ResponseBytes idle() {
        ResponseBytes idle = new ResponseBytes();
        idle.ended = true;
        idle.verdict.complete(0L);
        return idle;
    }

    long overrun() {
        return unwatched || declared < 0 || headLength < 0 ? 0 : Math.max(0, rawBytes - headLength - declared);
    }

    /** Counts bytes and finds the blank line that ends the head ({@code CRLF CRLF}). */
    void count(ByteBuf bytes) {
        if (headLength < 0) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                byte b = bytes.getByte(i);
                boolean expectedCr = headEndMatched % 2 == 0;
                headEndMatched = b == (expectedCr ? '\r' : '\n') ? headEndMatched + 1 : (b == '\r' ? 1 : 0);
                if (headEndMatched == 4) {
                    headLength = rawBytes + (i - bytes.readerIndex()) + 1;
                    break;
                }
            }
        }
        rawBytes += bytes.readableBytes();
    }

    boolean settle() {
        return verdict.complete(overrun());
    }
}
