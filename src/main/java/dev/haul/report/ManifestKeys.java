package dev.haul.report;

import jakarta.enterprise.context.ApplicationScoped;

import dev.haul.config.HaulConfig;
import dev.haul.model.BatchPart;

/** Where manifests live in the bucket. */
@ApplicationScoped
public class ManifestKeys {

    private final String prefix;

    public ManifestKeys(HaulConfig config) {
        String configured = config.store().manifestPrefix().replaceAll("/+$", "");
        this.prefix = configured.isEmpty() ? "" : configured + "/";
    }

    public String reportKey(String batchId, BatchPart part) {
        if (part.isWhole()) {
            return prefix + batchId + ".json";
        }
        return prefix + batchId + "/part-%05d-of-%05d.json".formatted(part.index(), part.count());
    }
}
