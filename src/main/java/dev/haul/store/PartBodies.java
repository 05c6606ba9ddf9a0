package dev.haul.store;

import java.io.IOException;
import java.nio.file.Files;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.FileRequestBodyConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;

import dev.haul.model.SpooledPart;

/** Turns a part into a request body, and lets go of it once S3 is done with it, successful or not. */
final class PartBodies {

    private static final Logger LOG = Logger.getLogger(PartBodies.class);

    /**
     * How much of a part file the SDK reads at a time. Its default, 16 KiB, costs a thread hand-off, a heap buffer and
     * a trip through the request pipeline per 16 KiB, which made reading parts back a large share of Haul's CPU per
     * byte. Larger reads cut that by the same factor; the Netty client asks for at most 16 reads ahead per request,
     * so this stays a small, fixed amount of memory per upload in flight.
     */
    static final int READ_CHUNK_BYTES = 128 * 1024;

    private PartBodies() {}

    /**
     * The part's bytes as a request body: from memory as they are, or from its file in {@link #READ_CHUNK_BYTES}
     * chunks, or in one read when the part is smaller (the SDK allocates a whole chunk per read, which for thousands
     * of small bodies grew the heap).
     */
    static AsyncRequestBody body(SpooledPart part) {
        if (part instanceof SpooledPart.InMemory inMemory) {
            // Not copied: the part's buffer is read-only and nobody else holds it. A retried request reads it again
            // from the start.
            return AsyncRequestBody.fromRemainingByteBufferUnsafe(inMemory.bytes());
        }
        SpooledPart.OnDisk onDisk = (SpooledPart.OnDisk) part;
        int chunk = (int) Math.max(1, Math.min(READ_CHUNK_BYTES, onDisk.size()));
        return AsyncRequestBody.fromFile(FileRequestBodyConfiguration.builder()
                .path(onDisk.file())
                .chunkSizeInBytes(chunk)
                .build());
    }

    /** Deletes a part's spool file, if it has one, and frees its room on disk. */
    static void release(SpooledPart part) {
        if (!(part instanceof SpooledPart.OnDisk onDisk)) {
            return;
        }
        try {
            Files.deleteIfExists(onDisk.file());
        } catch (IOException e) {
            LOG.warnf("could not delete spool file %s: %s", onDisk.file(), e.getMessage());
        }
        onDisk.releaseRoom().run();
    }
}
