package dev.haul.store;

import jakarta.enterprise.context.ApplicationScoped;

import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.haul.config.HaulConfig;
import dev.haul.model.PartSink;

/** Hands out the sink that carries one body into S3. */
@ApplicationScoped
public class ObjectWriter {

    private final S3AsyncClient s3;
    private final int partConcurrency;

    public ObjectWriter(S3AsyncClient s3, HaulConfig config) {
        this.s3 = s3;
        this.partConcurrency = config.store().partConcurrency();
    }

    public PartSink<StoredObject> sinkFor(ObjectTarget target) {
        return new S3ObjectSink(s3, target, partConcurrency);
    }
}
