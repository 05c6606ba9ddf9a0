package dev.haul.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

import dev.haul.model.PartSink;
import dev.haul.model.SpoolSummary;
import dev.haul.model.SpooledPart;

/**
 * Where a body's parts live on their way to S3: a part that ends within one write batch (a small body, or the short
 * tail of a large one) never touches the disk, and every other part is a file of its own. Either way the parts put
 * together are the body, and each carries its own CRC32C.
 */
class PartSpoolerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long PART_SIZE = 1024 * 1024;

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final TmpBudget budget = new TmpBudget(4 * PART_SIZE, PART_SIZE);
    private final CollectingSink sink = new CollectingSink();

    @AfterEach
    void closeVertx() {
        vertx.closeAndAwait();
    }

    @Test
    void smallBody_goesToTheSinkFromMemory_withoutASpoolFile() throws IOException {
        byte[] body = bytes(16 * 1024);

        SpoolSummary summary = spool(body, 4096, OptionalLong.of(body.length));

        assertThat(sink.parts).singleElement().isInstanceOf(SpooledPart.InMemory.class);
        assertThat(sink.bodyBytes()).isEqualTo(body);
        assertThat(sink.parts.get(0).crc32c()).isEqualTo(crc32c(body));
        assertThat(summary.sha256Hex()).isEqualTo(sha256(body));
        assertThat(budget.peakOnDisk()).isZero();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void aBodyShorterThanOneBatch_staysInMemory_andAWholeBatchGoesToDisk() throws IOException {
        byte[] lessThanABatch = bytes(PartSpooler.WRITE_BATCH_BYTES - 1);
        spool(lessThanABatch, 16 * 1024, OptionalLong.empty());
        assertThat(sink.parts).singleElement().isInstanceOf(SpooledPart.InMemory.class);
        assertThat(sink.bodyBytes()).isEqualTo(lessThanABatch);

        CollectingSink second = new CollectingSink();
        byte[] oneBatch = bytes(PartSpooler.WRITE_BATCH_BYTES);
        spool(oneBatch, 16 * 1024, OptionalLong.empty(), second);
        assertThat(second.parts).singleElement().isInstanceOf(SpooledPart.OnDisk.class);
        assertThat(second.bodyBytes()).isEqualTo(oneBatch);
        assertThat(budget.peakOnDisk()).isEqualTo(oneBatch.length);
    }

    @Test
    void largeBody_fullPartsAreFiles_andTheShortTailIsSentFromMemory() throws IOException {
        byte[] body = bytes((int) (2 * PART_SIZE + 1000));

        SpoolSummary summary = spool(body, 64 * 1024, OptionalLong.of(body.length));

        assertThat(sink.parts).hasSize(3);
        assertThat(sink.parts.subList(0, 2)).allSatisfy(part -> {
            assertThat(part).isInstanceOf(SpooledPart.OnDisk.class);
            assertThat(part.size()).isEqualTo(PART_SIZE);
        });
        assertThat(sink.parts.get(2)).isInstanceOf(SpooledPart.InMemory.class);
        assertThat(sink.parts.get(2).size()).isEqualTo(1000);
        assertThat(sink.parts).extracting(SpooledPart::number).containsExactly(1, 2, 3);
        assertThat(sink.bodyBytes()).isEqualTo(body);
        for (int i = 0; i < 3; i++) {
            int from = (int) (i * PART_SIZE);
            byte[] part = Arrays.copyOfRange(body, from, (int) Math.min(body.length, from + PART_SIZE));
            assertThat(sink.parts.get(i).crc32c()).as("part %d", i + 1).isEqualTo(crc32c(part));
        }
        assertThat(summary.sha256Hex()).isEqualTo(sha256(body));
    }

    @Test
    void bodyInChunksOfAWholeBatch_asTheFetcherReadsThem_isTheSameBody() throws IOException {
        byte[] body = bytes((int) (PART_SIZE + PartSpooler.WRITE_BATCH_BYTES + 5));

        spool(body, PartSpooler.WRITE_BATCH_BYTES, OptionalLong.of(body.length));

        assertThat(sink.parts).extracting(part -> part.getClass().getSimpleName())
                .containsExactly("OnDisk", "OnDisk");
        assertThat(sink.parts).extracting(SpooledPart::size)
                .containsExactly(PART_SIZE, (long) PartSpooler.WRITE_BATCH_BYTES + 5);
        assertThat(sink.bodyBytes()).isEqualTo(body);
    }

    @Test
    void emptyBody_isOneEmptyPartInMemory() throws IOException {
        SpoolSummary summary = spool(new byte[0], 1, OptionalLong.of(0));

        assertThat(sink.parts).singleElement().satisfies(part -> {
            assertThat(part).isInstanceOf(SpooledPart.InMemory.class);
            assertThat(part.size()).isZero();
        });
        assertThat(summary.bytes()).isZero();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void discardingASmallBodyHalfway_leavesNothingOnDiskOrReserved() throws IOException {
        PartSpooler<Void> spooler = spooler(sink, OptionalLong.empty());
        spooler.write(Buffer.buffer(bytes(1000))).await().atMost(WAIT);

        spooler.discard().await().atMost(WAIT);

        assertThat(sink.parts).isEmpty();
        assertThat(budget.reserved()).isZero();
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void discardingALargeBodyHalfway_deletesItsOpenPartFile_andFreesItsRoom() throws IOException {
        PartSpooler<Void> spooler = spooler(sink, OptionalLong.empty());
        spooler.write(Buffer.buffer(bytes(PartSpooler.WRITE_BATCH_BYTES + 10))).await().atMost(WAIT);
        assertThat(filesIn(dir)).hasSize(1);

        spooler.discard().await().atMost(WAIT);

        assertThat(budget.reserved()).isZero();
        assertThat(filesIn(dir)).isEmpty();
    }

    private SpoolSummary spool(byte[] body, int chunkSize, OptionalLong declared) {
        return spool(body, chunkSize, declared, sink);
    }

    private SpoolSummary spool(byte[] body, int chunkSize, OptionalLong declared, CollectingSink into) {
        PartSpooler<Void> spooler = spooler(into, declared);
        for (int from = 0; from < body.length; from += chunkSize) {
            byte[] chunk = Arrays.copyOfRange(body, from, Math.min(body.length, from + chunkSize));
            spooler.write(Buffer.buffer(chunk)).await().atMost(WAIT);
        }
        spooler.finish().await().atMost(WAIT);
        return spooler.summary();
    }

    private PartSpooler<Void> spooler(CollectingSink into, OptionalLong declared) {
        return new PartSpooler<>(vertx, dir.resolve(java.util.UUID.randomUUID().toString()), PART_SIZE, into, budget,
                declared);
    }

    /** Takes parts as S3 would: reads each one's bytes, then lets go of its file and its room on disk. */
    private static final class CollectingSink implements PartSink<Void> {
        final List<SpooledPart> parts = new ArrayList<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        @Override
        public Uni<Void> accept(SpooledPart part) {
            take(part);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> complete(SpooledPart lastPart, SpoolSummary summary) {
            take(lastPart);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> abort(Throwable reason) {
            return Uni.createFrom().voidItem();
        }

        byte[] bodyBytes() {
            return received.toByteArray();
        }

        private void take(SpooledPart part) {
            parts.add(part);
            try {
                if (part instanceof SpooledPart.InMemory inMemory) {
                    ByteBuffer bytes = inMemory.bytes().duplicate();
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    received.write(copy);
                } else {
                    SpooledPart.OnDisk onDisk = (SpooledPart.OnDisk) part;
                    received.write(Files.readAllBytes(onDisk.file()));
                    Files.delete(onDisk.file());
                    onDisk.releaseRoom().run();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        long value = crc.getValue();
        return Base64.getEncoder().encodeToString(
                new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.toList();
        }
    }
}
