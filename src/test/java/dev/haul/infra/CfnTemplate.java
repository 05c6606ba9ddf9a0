package dev.haul.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A SAM template read as plain YAML (it uses only long-form intrinsics), with just enough CloudFormation semantics
 * for tests: parameter defaults, conditions, {@code Fn::If}, {@code Ref} to parameters and {@code AWS::NoValue}.
 */
final class CfnTemplate {

    static final Path FILE = Path.of("infra", "template.yaml");

    private final JsonNode root;

    private CfnTemplate(JsonNode root) {
        this.root = root;
    }

    static CfnTemplate load() {
        try {
            return new CfnTemplate(new ObjectMapper(new YAMLFactory()).readTree(Files.readString(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new AssertionError("template has no resource " + logicalId);
        }
        return resource;
    }

    JsonNode properties(String logicalId) {
        return resource(logicalId).path("Properties");
    }

    List<String> resourcesOfType(String type) {
        return StreamSupport.stream(((Iterable<Map.Entry<String, JsonNode>>) () -> root.path("Resources").fields())
                .spliterator(), false)
                .filter(e -> type.equals(e.getValue().path("Type").asText()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** A serverless function's properties with the template's {@code Globals.Function} merged in, as SAM does. */
    ObjectNode function(String logicalId) {
        ObjectNode merged = ((ObjectNode) root.path("Globals").path("Function")).deepCopy();
        JsonNode own = properties(logicalId);
        own.fields().forEachRemaining(e -> {
            if (e.getKey().equals("Environment") && merged.has("Environment")) {
                ((ObjectNode) merged.path("Environment").path("Variables"))
                        .setAll((ObjectNode) e.getValue().path("Variables"));
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        return merged;
    }

    /** Parameter values: the template's defaults, overridden by {@code overrides}. */
    Map<String, String> parameters(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        root.path("Parameters").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().path("Default")
                .asText()));
        values.putAll(overrides);
        return values;
    }

    boolean condition(String name, Map<String, String> parameters) {
        JsonNode definition = root.path("Conditions").path(name);
        if (definition.isMissingNode()) {
            throw new AssertionError("template has no condition " + name);
        }
        return evaluate(definition, parameters);
    }

    private boolean evaluate(JsonNode node, Map<String, String> parameters) {
        if (node.has("Fn::Equals")) {
            return scalar(node.get("Fn::Equals").get(0), parameters).equals(scalar(node.get("Fn::Equals").get(1),
                    parameters));
        }
        if (node.has("Fn::Not")) {
            return !evaluate(node.get("Fn::Not").get(0), parameters);
        }
        if (node.has("Fn::And")) {
            return StreamSupport.stream(node.get("Fn::And").spliterator(), false).allMatch(c -> evaluate(c,
                    parameters));
        }
        if (node.has("Fn::Or")) {
            return StreamSupport.stream(node.get("Fn::Or").spliterator(), false).anyMatch(c -> evaluate(c, parameters));
        }
        if (node.has("Condition")) {
            return condition(node.get("Condition").asText(), parameters);
        }
        throw new AssertionError("unsupported condition: " + node);
    }

    private static String scalar(JsonNode node, Map<String, String> parameters) {
        if (node.isValueNode()) {
            return node.asText();
        }
        String ref = node.path("Ref").asText();
        if (!parameters.containsKey(ref)) {
            throw new AssertionError("condition refers to something other than a parameter: " + node);
        }
        return parameters.get(ref);
    }

    /**
     * The node as CloudFormation would see it for these parameter values: {@code Fn::If} picks its branch,
     * {@code Ref} to a parameter becomes the value, {@code AWS::NoValue} removes the key or element. Other
     * intrinsics stay as they are.
     */
    JsonNode resolve(JsonNode node, Map<String, String> parameters) {
        if (node.isObject() && node.size() == 1 && node.has("Fn::If")) {
            JsonNode args = node.get("Fn::If");
            return resolve(condition(args.get(0).asText(), parameters) ? args.get(1) : args.get(2), parameters);
        }
        if (node.isObject() && node.size() == 1 && node.has("Ref") && parameters.containsKey(node.get("Ref")
                .asText())) {
            return JsonNodeFactory.instance.textNode(parameters.get(node.get("Ref").asText()));
        }
        if (node.isObject()) {
            ObjectNode resolved = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = resolve(e.getValue(), parameters);
                if (!isNoValue(value)) {
                    resolved.set(e.getKey(), value);
                }
            }
            return resolved;
        }
        if (node.isArray()) {
            ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> {
                JsonNode value = resolve(element, parameters);
                if (!isNoValue(value)) {
                    resolved.add(value);
                }
            });
            return resolved;
        }
        return node;
    }

    private static boolean isNoValue(JsonNode node) {
        return node.isObject() && node.size() == 1 && "AWS::NoValue".equals(node.path("Ref").asText());
    }
}
