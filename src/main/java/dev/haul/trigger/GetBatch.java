package dev.haul.trigger;

import jakarta.enterprise.context.ApplicationScoped;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.smallrye.mutiny.Uni;

import dev.haul.batch.BatchIds;
import dev.haul.report.ManifestReader;

/** {@code GET /batches/{batchId}}: the batch's manifest (a split batch's parts merged), or 404 while there is none. */
@ApplicationScoped
class GetBatch {

    private final ManifestReader manifests;
    private final ApiResponses responses;

    GetBatch(ManifestReader manifests, ApiResponses responses) {
        this.manifests = manifests;
        this.responses = responses;
    }

    Uni<APIGatewayV2HTTPResponse> handle(String batchId) {
        if (!BatchIds.isValid(batchId)) {
            return Uni.createFrom().item(responses.problem(Problem.invalidBatch("not a batch id: " + batchId,
                    "batchId")));
        }
        return manifests.find(batchId).map(lookup -> {
            if (lookup instanceof ManifestReader.Lookup.Found found) {
                return responses.json(200, found.report());
            }
            if (lookup instanceof ManifestReader.Lookup.Pending pending) {
                return responses.problem(new Problem("urn:haul:problem:not-ready", "Manifest not ready", 404,
                        pending.detail(), null));
            }
            return responses.problem(new Problem("urn:haul:problem:no-manifest", "No manifest", 404,
                    "there is no manifest for batch " + batchId
                            + " (yet): it is unknown, still running, or still queued",
                    null));
        });
    }
}
