package dev.haul.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.haul.support.BatchJson;
import dev.haul.support.Events;
import dev.haul.support.QueueingTestSupport;
import dev.haul.support.TestServers;
import dev.haul.trigger.HaulHandler;

/**
 * No event, however built, gets a 500, a stack trace or an exception out of the handler. Thousands of events per run,
 * random and mutated from real-shaped events of every trigger, seeded so that a failure can be replayed: the seed
 * and the event are in the failure message. The events go to Haul's real handler bean, in process, so that a run of
 * thousands stays within seconds.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class EventFuzzTest extends QueueingTestSupport {

    private static final long SEED = 20_261_201L;
    private static final int EVENTS = 2500;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    HaulHandler handler;

    @Test
    void randomAndMutatedEvents_neverGetA500_aStackTrace_orAnException() throws Exception {
        Random random = new Random(SEED);
        List<String> bases = bases();
        for (int n = 0; n < EVENTS; n++) {
            byte[] event = switch (random.nextInt(10)) {
                case 0 -> randomBytes(random);
                case 1, 2, 3 -> mutateText(random, bases.get(random.nextInt(bases.size())));
                default -> mutateTree(random, bases.get(random.nextInt(bases.size())));
            };
            check(n, event);
        }
    }

    private void check(int n, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String shown = new String(event, 0, Math.min(event.length, 600), StandardCharsets.UTF_8);
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, new FuzzContext("fuzz-" + n));
        } catch (Throwable e) {
            fail("event " + n + " (seed " + SEED + ") threw " + e + ": " + shown);
        }
        String answer = out.toString(StandardCharsets.UTF_8);
        JsonNode tree;
        try {
            tree = JSON.readTree(answer);
        } catch (Exception e) {
            throw new AssertionError("event " + n + " got an answer that is not JSON: " + answer + " for " + shown);
        }
        assertThat(answer).as("event %d: %s", n, shown).doesNotContain("Exception", "\tat ", "\\tat ");
        assertThat(tree.path("statusCode").asInt(0)).as("event %d: %s", n, shown).isNotEqualTo(500);
        assertThat(tree.path("status").asInt(0)).as("event %d: %s", n, shown).isNotEqualTo(500);
        if (tree.has("body") && tree.has("statusCode")) {
            assertThat(tree.path("body").asText()).as("event %d: %s", n, shown).doesNotContain(
                    "urn:haul:problem:internal");
        }
    }

    /** Real-shaped events of every trigger; most URLs are refused by the policy, some reach the test origin. */
    private List<String> bases() {
        String fetched = origin.url("/bytes/fz/7");
        String blocked = "http://10.0.0.1/fz";
        String batch = BatchJson.items(BatchJson.item(fetched).header("Accept", "*/*"), BatchJson.item(blocked)
                .key("fz/k.bin")).option("prefix", "fz").option("maxBytes", 1000).json();
        String blockedOnly = BatchJson.urls(blocked, "http://192.168.1.1/x").json();
        List<String> bases = new ArrayList<>();
        bases.add(batch);
        bases.add(blockedOnly);
        bases.add("{\"url\": \"" + blocked + "\"}");
        bases.add("{\"manifestUrl\": \"s3://" + TestServers.BUCKET + "/fz/missing.txt\", \"batchId\": \"fz-1\"}");
        bases.add(Events.api("POST", "/batches", "application/json", blockedOnly));
        bases.add(Events.api("POST", "/batches", "application/json", batch));
        bases.add(Events.api("GET", "/batches/fz-none", null, null));
        bases.add(Events.sqs(List.of(new Events.Message("fz-m1", blockedOnly), new Events.Message("fz-m2",
                "{\"url\": \"" + blocked + "\"}"))));
        bases.add(Events.eventBridge("fz-e1", blockedOnly));
        bases.add(Events.scheduled("fz-s1"));
        return bases;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Text-level damage: a character deleted, inserted, swapped, the end cut off or garbage appended. */
    private static byte[] mutateText(Random random, String base) {
        StringBuilder text = new StringBuilder(base);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(6)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                case 2 -> text.insert(at, (char) random.nextInt(0x110));
                case 3 -> text.setLength(at);
                case 4 -> text.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                default -> text.insert(at, text.substring(at, Math.min(text.length(), at + random.nextInt(40))));
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final String PUNCTUATION = "{}[]\",:\\ 0-e.tfn\u0000\u007f/@%";

    /** Structure-level damage: any node replaced by a value of another type or shape, removed, or a field added. */
    private static byte[] mutateTree(Random random, String base) throws Exception {
        JsonNode root = JSON.readTree(base);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            JsonNode container = containers.get(random.nextInt(containers.size()));
            if (container instanceof ObjectNode object && object.size() > 0) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(4)) {
                    case 0 -> object.remove(name);
                    case 1 -> object.set(random.nextBoolean() ? name : "x" + random.nextInt(9), randomValue(random));
                    default -> object.set(name, randomValue(random));
                }
            } else if (container instanceof ArrayNode array && array.size() > 0) {
                int at = random.nextInt(array.size());
                if (random.nextBoolean()) {
                    array.set(at, randomValue(random));
                } else {
                    array.add(randomValue(random));
                }
            }
            // A string field that holds JSON (an API body, a queue message) is damaged as text too.
            if (random.nextInt(3) == 0) {
                damageEmbedded(random, root);
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void damageEmbedded(Random random, JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
                String name = names.next();
                JsonNode child = object.get(name);
                if (name.equals("body") && child.isTextual()) {
                    object.put(name, new String(mutateText(random, child.asText()), StandardCharsets.UTF_8));
                    return;
                }
                damageEmbedded(random, child);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> damageEmbedded(random, child));
        }
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    private static JsonNode randomValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(12)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextLong());
            case 3 -> f.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(60))));
            case 4 -> f.numberNode(random.nextDouble() * 1e300);
            case 5 -> f.textNode("");
            case 6 -> f.textNode("http://" + (char) random.nextInt(0x3000) + "/\u0000" + random.nextInt());
            case 7 -> f.textNode("s3://" + TestServers.BUCKET + "/fz/" + random.nextInt(3));
            case 8 -> f.objectNode();
            case 9 -> f.arrayNode();
            case 10 -> {
                JsonNode nested = f.arrayNode();
                for (int i = random.nextInt(60); i > 0; i--) {
                    nested = f.arrayNode().add(nested);
                }
                yield nested;
            }
            default -> f.textNode("a".repeat(random.nextInt(3000)));
        };
    }

    /** What the handler reads of Lambda's context: the time left and the request id. */
    private record FuzzContext(String requestId) implements Context {
        public String getAwsRequestId() {
            return requestId;
        }

        public int getRemainingTimeInMillis() {
            return 20_000;
        }

        public String getLogGroupName() {
            return null;
        }

        public String getLogStreamName() {
            return null;
        }

        public String getFunctionName() {
            return "haul-fuzz";
        }

        public String getFunctionVersion() {
            return "$LATEST";
        }

        public String getInvokedFunctionArn() {
            return null;
        }

        public CognitoIdentity getIdentity() {
            return null;
        }

        public ClientContext getClientContext() {
            return null;
        }

        public int getMemoryLimitInMB() {
            return 1024;
        }

        public LambdaLogger getLogger() {
            return null;
        }
    }
}
