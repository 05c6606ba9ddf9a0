package dev.haul.transfer;

import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.mutiny.core.Vertx;

import dev.haul.config.HaulConfig;
import dev.haul.fetch.OriginResponse;
import dev.haul.model.PartSink;
import dev.haul.spool.PartSpooler;
import dev.haul.spool.SpoolDirectory;
import dev.haul.spool.TmpBudget;
import dev.haul.store.ObjectTarget;
import dev.haul.store.ObjectWriter;
import dev.haul.store.PartSizing;
import dev.haul.store.SourceMetadata;
import dev.haul.store.StoredObject;
import dev.haul.store.WriteCondition;

/** Starts a {@link SpooledBody}: the S3 sink for the item's key and a spooler of the right part size feeding it. */
@ApplicationScoped
class SpooledBodies {

    private final ObjectWriter writer;
    private final SpoolDirectory spool;
    private final TmpBudget budget;
    private final Vertx vertx;
    private final HaulConfig config;

    SpooledBodies(ObjectWriter writer, SpoolDirectory spool, TmpBudget budget, Vertx vertx, HaulConfig config) {
        this.writer = writer;
        this.spool = spool;
        this.budget = budget;
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * A body for {@code response}, to be stored at the order's key if {@code condition} still holds then; throws when
     * its declared length is over the limit.
     */
    SpooledBody open(TransferOrder order, WriteCondition condition, long maxBytes, OriginResponse response) {
        OptionalLong declared = response.contentLength();
        SpooledBody.checkDeclaredLength(declared, maxBytes, response.status());
        SourceMetadata source = new SourceMetadata(order.planned().item().url(), response.header("Content-Type"),
                response.header("ETag"), response.header("Last-Modified"), response.header("Content-Encoding"),
                order.batchId());
        PartSink<StoredObject> sink = writer.sinkFor(new ObjectTarget(config.store().bucket(), order.planned().key(),
                source, condition, order.planned().item().sha256()));
        long partSize = PartSizing.partSize(config.store().partSize().asLongValue(), declared);
        PartSpooler<StoredObject> spooler = new PartSpooler<>(vertx, spool.newTransferStem(), partSize, sink, budget,
                declared);
        return new SpooledBody(spooler, sink, maxBytes, declared, response);
    }
}
