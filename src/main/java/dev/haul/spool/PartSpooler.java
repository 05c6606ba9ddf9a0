package dev.haul.spool;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.file.AsyncFile;

import dev.haul.model.PartSink;
import dev.haul.model.SpoolSummary;
import dev.haul.model.SpooledPart;
import dev.haul.model.TransferException;

/**
 * Writes one body to part files of a fixed size with Vert.x {@link AsyncFile}, hashing as it goes: SHA-256 over the
 * whole body and CRC32C per part. A full part is handed to the {@link PartSink} as soon as the next byte arrives,
 * so it uploads while the next part is being written.
 *
 * <p>Network chunks are gathered into writes of up to {@link #WRITE_BATCH_BYTES}: every {@link AsyncFile} write is a
 * hand-off to a worker thread and back, and done per network chunk (tens of KiB) those hand-offs cost more CPU than
 * the bytes themselves. A part's file is only opened by its first write, so a part that ends before its first batch
 * is full (a body, or the tail of a large one, shorter than one batch) never touches the disk: it goes to the sink as
 * the batch it already is in memory.
 *
 * <p>Not thread-safe: chunks come one at a time from a single stream, and each {@link #write} completes before the
 * next starts, which is what gives backpressure from the disk (and the sink) to the network; at most one batch is
 * held in memory per transfer.
 */
public final class PartSpooler<R> {

    private static final OpenOptions NEW_FILE = new OpenOptions().setWrite(true).setCreateNew(true);

    /** Bytes gathered before one file write. */
    static final int WRITE_BATCH_BYTES = 256 * 1024;

    private final Vertx vertx;
    private final Path stem;
    private final long partSize;
    private final PartSink<R> sink;
    private final BodyChecksums checksums = new BodyChecksums();

    private final TmpBudget budget;
    private final java.util.OptionalLong declaredLength;
    /** Whether the current part has begun: its number is taken and its checksum started. */
    private boolean inPart;
    /** The current part's file, once its first batch is written; null before. */
    private AsyncFile file;
    /** Bytes of the current part not yet handed to {@link #file}. */
    private Buffer pending;
    private Path path;
    private TmpBudget.Reservation reservation;
    private int partNumber;
    private long partBytes;
    /** Written by the one thread that spools, read by progress reports from others. */
    private volatile long totalBytes;
    private SpoolSummary summary;

    public PartSpooler(Vertx vertx, Path stem, long partSize, PartSink<R> sink, TmpBudget budget,
            java.util.OptionalLong declaredLength) {
        this.vertx = vertx;
        this.budget = budget;
        this.declaredLength = declaredLength;
        this.stem = stem;
        this.partSize = partSize;
        this.sink = sink;
    }

    public long bytesSoFar() {
        return totalBytes;
    }

    /** The whole body's length and SHA-256, once {@link #finish} has run. */
    public SpoolSummary summary() {
        return summary;
    }

    /**
     * Spools one chunk; completes when it is on disk or held in the batch, and any part it
     * completed was accepted by the sink.
     */
    public Uni<Void> write(Buffer chunk) {
        int length = chunk.length();
        if (length == 0) {
            return Uni.createFrom().voidItem();
        }
        if (inPart && partBytes == partSize) {
            return handOverPart().flatMap(ignored -> write(chunk));
        }
        if (!inPart) {
            beginPart();
        }
        long room = partSize - partBytes;
        if (length > room) {
            Buffer head = chunk.slice(0, (int) room);
            Buffer tail = chunk.slice((int) room, length);
            return write(head).flatMap(ignored -> write(tail));
        }
        ByteBuffer bytes = chunk.getDelegate().getByteBuf().nioBuffer();
        checksums.update(bytes);
        partBytes += length;
        totalBytes += length;
        if (pending != null && pending.length() + length > WRITE_BATCH_BYTES) {
            // Written before this chunk joins, so a batch never outgrows the buffer it was given.
            return flush().flatMap(ignored -> gather(chunk));
        }
        return gather(chunk);
    }

    /**
     * Adds a chunk to the batch, and writes the batch once it is full. A chunk that is a whole batch by itself (as
     * the fetcher's are) is written as it is, never copied.
     */
    private Uni<Void> gather(Buffer chunk) {
        if (chunk.length() >= WRITE_BATCH_BYTES) {
            return writeToFile(chunk);
        }
        if (pending == null) {
            pending = Buffer.buffer(batchCapacity(chunk.length()));
        }
        pending.appendBuffer(chunk);
        return pending.length() == WRITE_BATCH_BYTES ? flush() : Uni.createFrom().voidItem();
    }

    /**
     * Room for a new batch starting with a chunk of {@code length}: a whole batch, unless the part or the declared
     * body ends sooner, so a small body does not allocate a full batch per transfer.
     */
    private int batchCapacity(int length) {
        long rest = partSize - partBytes;
        if (declaredLength.isPresent()) {
            rest = Math.min(rest, declaredLength.getAsLong() - totalBytes);
        }
        return (int) Math.min(WRITE_BATCH_BYTES, length + Math.max(rest, 0));
    }

    /** Writes the gathered bytes of the current part, if any. */
    private Uni<Void> flush() {
        if (pending == null) {
            return Uni.createFrom().voidItem();
        }
        Buffer batch = pending;
        pending = null;
        return writeToFile(batch);
    }

    private Uni<Void> writeToFile(Buffer bytes) {
        Uni<Void> open = file == null ? openFile() : Uni.createFrom().voidItem();
        return open.flatMap(ignored -> {
            reservation.wrote(bytes.length());
            return file.write(bytes).onFailure().transform(e -> spoolFailure("could not write", e));
        });
    }

    /** Ends the body: the last part (an empty one for an empty body) goes to the sink to finish the object. */
    public Uni<R> finish() {
        if (!inPart) {
            beginPart();
        }
        return closePart().flatMap(last -> {
            summary = checksums.summary(totalBytes);
            return sink.complete(last, summary);
        });
    }

    /** Closes and deletes the part being written, if any; parts already handed over belong to the sink. */
    public Uni<Void> discard() {
        inPart = false;
        pending = null;
        if (file == null) {
            return Uni.createFrom().voidItem();
        }
        AsyncFile open = file;
        Path openPath = path;
        TmpBudget.Reservation held = reservation;
        file = null;
        reservation = null;
        return open.close().onFailure().recoverWithNull()
                .flatMap(ignored -> vertx.fileSystem().delete(openPath.toString()))
                .onFailure().recoverWithNull()
                .invoke(held::release)
                .replaceWithVoid();
    }

    private void beginPart() {
        inPart = true;
        partNumber++;
        partBytes = 0;
        checksums.startPart();
    }

    /**
     * Waits for room in the disk budget, then opens the current part's file. The room is a whole part, or what the
     * declared length leaves of the body after the parts before this one.
     */
    private Uni<Void> openFile() {
        long left = declaredLength.isPresent() ? declaredLength.getAsLong() - (totalBytes - partBytes) : partSize;
        return budget.reserve(Math.max(Math.min(partSize, left), 0), granted -> {
            path = stem.resolveSibling(stem.getFileName() + ".part" + partNumber);
            return vertx.fileSystem().open(path.toString(), NEW_FILE)
                    .invoke(opened -> {
                        file = opened;
                        reservation = granted;
                    })
                    .onFailure().transform(e -> spoolFailure("could not create", e))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> handOverPart() {
        return closePart().flatMap(sink::accept);
    }

    /** Ends the current part: from memory if none of it was written to disk, otherwise as its closed file. */
    private Uni<SpooledPart> closePart() {
        inPart = false;
        String crc32c = checksums.partCrc32cBase64();
        if (file == null) {
            ByteBuffer bytes = pending == null
                    ? ByteBuffer.allocate(0)
                    : pending.getDelegate().getByteBuf().nioBuffer();
            pending = null;
            return Uni.createFrom().item(new SpooledPart.InMemory(partNumber, bytes, crc32c));
        }
        return flush().flatMap(ignored -> {
            AsyncFile closing = file;
            SpooledPart part = new SpooledPart.OnDisk(partNumber, path, partBytes, crc32c, reservation::release);
            file = null;
            reservation = null;
            return closing.close().onFailure().transform(e -> spoolFailure("could not close", e)).replaceWith(part);
        });
    }

    /** Disk trouble is classified here, where it happens, so that it is never mistaken for the origin's. */
    private TransferException spoolFailure(String action, Throwable error) {
        return TransferException.spool(action + " spool file " + path.getFileName() + ": " + error.getMessage(), error);
    }
}
