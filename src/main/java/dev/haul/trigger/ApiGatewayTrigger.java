package dev.haul.trigger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;

import dev.haul.batch.BatchIds;
import dev.haul.batch.BatchParser;
import dev.haul.batch.BatchRequest;
import dev.haul.batch.BatchRunner;
import dev.haul.batch.InvalidBatchException;
import dev.haul.batch.KeyPlanner;
import dev.haul.config.HaulConfig;
import dev.haul.fetch.Fetcher;
import dev.haul.model.BatchPart;
import dev.haul.model.Deadline;
import dev.haul.model.PlannedItem;
import dev.haul.report.ManifestKeys;
import dev.haul.report.ManifestReader;
import dev.haul.report.ManifestWriter;

/**
 * The HTTP API (API Gateway HTTP API, payload format 2.0): {@code POST /batches} runs a small batch while the caller
 * waits (200 with the report, whatever became of each item) and queues a large one (202 with where its manifest will
 * be); {@code GET /batches/{batchId}} returns a manifest. Every error is a JSON problem document.
 */
@ApplicationScoped
public class ApiGatewayTrigger {

    private static final Logger LOG = Logger.getLogger(ApiGatewayTrigger.class);
    private static final String BATCHES = "/batches";

    private final ObjectMapper json;
    private final BatchParser parser;
    private final KeyPlanner keys;
    private final BatchRunner runner;
    private final BatchQueue queue;
    private final Fetcher fetcher;
    private final ManifestWriter manifests;
    private final ManifestReader manifestReader;
    private final ManifestKeys manifestKeys;
    private final HaulConfig config;

    public ApiGatewayTrigger(ObjectMapper json, BatchParser parser, KeyPlanner keys, BatchRunner runner,
            BatchQueue queue, Fetcher fetcher, ManifestWriter manifests, ManifestReader manifestReader,
            ManifestKeys manifestKeys, HaulConfig config) {
        this.json = json;
        this.parser = parser;
        this.keys = keys;
        this.runner = runner;
        this.queue = queue;
        this.fetcher = fetcher;
        this.manifests = manifests;
        this.manifestReader = manifestReader;
        this.manifestKeys = manifestKeys;
        this.config = config;
    }

    public APIGatewayV2HTTPResponse handle(JsonNode event, Deadline deadline) {
        String method = event.path("requestContext").path("http").path("method").asText("").toUpperCase(Locale.ROOT);
        String path = routePath(event);
        try {
            if (path.equals(BATCHES)) {
                return method.equals("POST") ? post(event, deadline) : notAllowed(method, "POST");
            }
            if (path.startsWith(BATCHES + "/") && path.indexOf('/', BATCHES.length() + 1) < 0) {
                String batchId = path.substring(BATCHES.length() + 1);
                return method.equals("GET") ? get(batchId, deadline) : notAllowed(method, "GET");
            }
            return ApiResponses.problem(json, new Problem("urn:haul:problem:not-found", "Not found", 404,
                    "no route " + method + " " + path + "; the API has POST /batches and GET /batches/{batchId}",
                    null));
        } catch (InvalidBatchException e) {
            return ApiResponses.problem(json, Problem.of(e));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s %s could not be served", method, path);
            return ApiResponses.problem(json, Problem.internal(
                    "the request could not be served; see the function's log"));
        }
    }

    private APIGatewayV2HTTPResponse post(JsonNode event, Deadline deadline) {
        String contentType = header(event, "content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return ApiResponses.problem(json, new Problem("urn:haul:problem:unsupported-media-type",
                    "Unsupported media type", 415, "send the batch as application/json, not "
                            + (contentType == null ? "without a Content-Type" : contentType), "Content-Type"));
        }
        byte[] body = body(event);
        long maxBody = config.api().maxBodySize().asLongValue();
        if (body.length > maxBody) {
            return ApiResponses.problem(json, Problem.tooLarge("the request body is " + body.length
                    + " bytes, more than the limit of " + maxBody, null));
        }
        JsonNode document;
        try {
            document = json.readTree(body);
        } catch (JsonProcessingException e) {
            return ApiResponses.problem(json, Problem.invalidJson("the body is not valid JSON: " + e
                    .getOriginalMessage()));
        } catch (java.io.IOException e) {
            return ApiResponses.problem(json, Problem.invalidJson("the body could not be read"));
        }
        BatchRequest batch = parser.parse(document);
        // Planned once, here: colliding keys refuse the batch before it is queued or run.
        List<PlannedItem> planned = keys.plan(batch);
        if (mustQueue(batch, deadline)) {
            return enqueue(batch);
        }
        return ApiResponses.json(json, 200, runner.run(batch, planned, deadline)
                .await().atMost(deadline.untilReported()));
    }

    /** Too many items, or too many bytes by the origins' own account, to finish inside API Gateway's timeout. */
    private boolean mustQueue(BatchRequest batch, Deadline deadline) {
        if (batch.items().size() > config.api().syncMaxItems()) {
            return true;
        }
        long declared = Multi.createFrom().iterable(batch.items())
                .onItem().transformToUni(fetcher::declaredLength).merge(config.fetch().concurrency())
                .collect().in(() -> new long[1], (sum, length) -> sum[0] += length.orElse(0))
                .await().atMost(min(deadline.remaining(), Duration.ofSeconds(5)))[0];
        return declared > config.api().syncMaxBytes().asLongValue();
    }

    private APIGatewayV2HTTPResponse enqueue(BatchRequest batch) {
        if (!queue.configured()) {
            return ApiResponses.problem(json, new Problem("urn:haul:problem:queue-not-configured",
                    "Batch too large to run now", 503, "this batch needs the queue (more than "
                            + config.api().syncMaxItems() + " items, or too many bytes to finish in time), "
                            + "and haul.queue.url is not set", null));
        }
        int messages = queue.split(batch).size();
        if (messages > 1) {
            manifests.writeIndex(batch.batchId(), messages, batch.items().size()).await().indefinitely();
        }
        int sent = queue.enqueue(batch).await().indefinitely();
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("batchId", batch.batchId());
        accepted.put("status", "queued");
        accepted.put("items", batch.items().size());
        accepted.put("messages", sent);
        accepted.put("manifest", Map.of("bucket", config.store().bucket(),
                "key", manifestKeys.reportKey(batch.batchId(), BatchPart.WHOLE)));
        accepted.put("statusUrl", BATCHES + "/" + batch.batchId());
        LOG.infof("batch %s: %d URLs queued as %d messages", batch.batchId(), batch.items().size(), sent);
        return ApiResponses.json(json, 202, accepted);
    }

    private APIGatewayV2HTTPResponse get(String batchId, Deadline deadline) {
        if (!BatchIds.isValid(batchId)) {
            return ApiResponses.problem(json, Problem.invalidBatch("not a batch id: " + batchId, "batchId"));
        }
        ManifestReader.Lookup lookup = manifestReader.find(batchId).await().atMost(deadline.remainingToComplete());
        if (lookup instanceof ManifestReader.Lookup.Found found) {
            return ApiResponses.json(json, 200, found.report());
        }
        if (lookup instanceof ManifestReader.Lookup.Pending pending) {
            return ApiResponses.problem(json, new Problem("urn:haul:problem:not-ready", "Manifest not ready", 404,
                    pending.detail(), null));
        }
        return ApiResponses.problem(json, new Problem("urn:haul:problem:no-manifest", "No manifest", 404,
                "there is no manifest for batch " + batchId + " (yet): it is unknown, still running, or still queued",
                null));
    }

    private APIGatewayV2HTTPResponse notAllowed(String method, String allowed) {
        return ApiResponses.problem(json, new Problem("urn:haul:problem:method-not-allowed", "Method not allowed",
                405, method + " is not allowed here; use " + allowed, null), Map.of("Allow", allowed));
    }

    /** The request path without the stage prefix that a named (non-default) stage adds. */
    private static String routePath(JsonNode event) {
        String path = event.path("rawPath").asText("/");
        String stage = event.path("requestContext").path("stage").asText("$default");
        if (!stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            path = path.substring(stage.length() + 1);
        }
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String header(JsonNode event, String name) {
        JsonNode headers = event.path("headers");
        for (var it = headers.fields(); it.hasNext();) {
            var header = it.next();
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().asText();
            }
        }
        return null;
    }

    private static byte[] body(JsonNode event) {
        String body = event.path("body").asText("");
        return event.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

}
