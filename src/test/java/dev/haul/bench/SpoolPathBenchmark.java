package dev.haul.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

import dev.haul.model.PartSink;
import dev.haul.model.SpoolSummary;
import dev.haul.model.SpooledPart;
import dev.haul.spool.PartSpooler;
import dev.haul.spool.TmpBudget;

/**
 * The per-byte path of every fetched body, without the network: chunks as the HTTP client hands them over go through
 * {@link PartSpooler} into part files, with SHA-256 over the body and CRC32C per part, and each full part is taken
 * (deleted, its room returned to the {@link TmpBudget}) as S3 would take it.
 *
 * <p>Scores are MiB/s (one operation is one MiB of body). Two baselines put the number in context: the checksums
 * alone (the floor of the work Haul must do per byte) and the same chunks written with a blocking {@link FileChannel}
 * (what the disk gives without Vert.x's asynchronous file API). Run with {@code bench/micro}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(SpoolPathBenchmark.BODY_MIB)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx256m"})
public class SpoolPathBenchmark {

    static final int BODY_MIB = 64;
    private static final long PART_SIZE = 8L << 20;

    /** Size of the chunks the body arrives in; Netty hands over reads of up to 64 KiB. */
    @Param({"16", "64"})
    public int chunkKiB;

    private Vertx vertx;
    private Path dir;
    private List<Buffer> chunks;
    private TmpBudget budget;
    private int bodies;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("haul-jmh");
        budget = new TmpBudget(4 * PART_SIZE, PART_SIZE);
        Random random = new Random(42);
        int chunkBytes = chunkKiB * 1024;
        chunks = new ArrayList<>();
        for (long at = 0; at < (long) BODY_MIB << 20; at += chunkBytes) {
            byte[] data = new byte[chunkBytes];
            random.nextBytes(data);
            chunks.add(Buffer.buffer(data));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        vertx.closeAndAwait();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** The real spool: AsyncFile writes, SHA-256 and CRC32C, parts handed over and deleted as they fill. */
    @Benchmark
    public SpoolSummary spoolToParts() {
        PartSpooler<SpoolSummary> spooler = new PartSpooler<>(vertx, dir.resolve("body-" + bodies++), PART_SIZE,
                new DeletingSink(), budget, OptionalLong.of((long) BODY_MIB << 20));
        return Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(spooler::write)
                .collect().last()
                .flatMap(ignored -> spooler.finish())
                .await().indefinitely();
    }

    /** The floor: only the two checksums Haul computes over every byte. */
    @Benchmark
    public long checksumsOnly() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        CRC32C crc = new CRC32C();
        for (Buffer chunk : chunks) {
            ByteBuffer bytes = chunk.getDelegate().getByteBuf().nioBuffer();
            sha256.update(bytes.duplicate());
            crc.update(bytes);
        }
        return sha256.digest()[0] + crc.getValue();
    }

    /** The disk without Vert.x: the same chunks written with a blocking channel to 8 MiB files, then deleted. */
    @Benchmark
    public long blockingFileChannel() throws IOException {
        long written = 0;
        FileChannel channel = null;
        Path file = null;
        for (Buffer chunk : chunks) {
            if (channel == null || written % PART_SIZE == 0) {
                if (channel != null) {
                    channel.close();
                    Files.delete(file);
                }
                file = dir.resolve("plain-" + bodies++);
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            written += channel.write(chunk.getDelegate().getByteBuf().nioBuffer());
        }
        channel.close();
        Files.delete(file);
        return written;
    }

    /** Takes every part as S3 would, at once: deletes its file and returns its room to the budget. */
    private static final class DeletingSink implements PartSink<SpoolSummary> {

        @Override
        public Uni<Void> accept(SpooledPart part) {
            return Uni.createFrom().item(() -> {
                take(part);
                return null;
            });
        }

        @Override
        public Uni<SpoolSummary> complete(SpooledPart lastPart, SpoolSummary summary) {
            return Uni.createFrom().item(() -> {
                take(lastPart);
                return summary;
            });
        }

        @Override
        public Uni<Void> abort(Throwable reason) {
            return Uni.createFrom().voidItem();
        }

        private static void take(SpooledPart part) {
            if (!(part instanceof SpooledPart.OnDisk onDisk)) {
                return;
            }
            try {
                Files.delete(onDisk.file());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            onDisk.releaseRoom().run();
        }
    }
}
