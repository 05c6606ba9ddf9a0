package dev.haul.trigger;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.haul.batch.BatchOutcome;

/**
 * The answer to an invoker that waits for the batch (a direct invocation, an EventBridge target): the report, where
 * a queued batch's manifest will be, or a problem document.
 */
final class Answers {

    private Answers() {}

    static Object forInvoker(BatchOutcome outcome) {
        if (outcome instanceof BatchOutcome.Ran ran) {
            return ran.report();
        }
        if (outcome instanceof BatchOutcome.Queued queued) {
            return queuedBody(queued);
        }
        if (outcome instanceof BatchOutcome.NeedsQueue needsQueue) {
            return Problem.needsQueue(needsQueue);
        }
        if (outcome instanceof BatchOutcome.FinishedBefore before) {
            return Map.of("batchId", before.batchId(), "status", "finished before");
        }
        return Problem.of(((BatchOutcome.Refused) outcome).reason());
    }

    /** What a caller learns of a queued batch: how it travels and where its manifest will be. */
    static Map<String, Object> queuedBody(BatchOutcome.Queued queued) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batchId", queued.batchId());
        body.put("status", "queued");
        if (queued.items() >= 0) {
            // A long list handed to a worker is counted there.
            body.put("items", queued.items());
        }
        body.put("messages", queued.messages());
        body.put("manifest", queued.manifest());
        return body;
    }
}
