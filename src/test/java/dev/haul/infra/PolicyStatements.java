package dev.haul.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** Every IAM policy statement written anywhere in a template, found by walking the whole tree. */
final class PolicyStatements {

    /** One statement, with the resource it was found in and its actions and resources as literal text. */
    record Statement(String owner, JsonNode node) {

        boolean allows() {
            return "Allow".equals(node.path("Effect").asText());
        }

        List<String> actions() {
            return texts(node.path("Action"));
        }

        /**
         * The Resource entries as text: literals as they are, {@code Fn::Sub} strings with their placeholders,
         * {@code Ref}/{@code Fn::GetAtt} as {@code ${Name}}/{@code ${Name.Attribute}}, both branches of an {@code Fn::If}.
         */
        List<String> resources() {
            return texts(node.path("Resource"));
        }

        @Override
        public String toString() {
            return owner + ": " + node;
        }
    }

    private PolicyStatements() {}

    static List<Statement> in(CfnTemplate template) {
        List<Statement> found = new ArrayList<>();
        template.root().path("Resources").fields().forEachRemaining(e -> walk(e.getKey(), e.getValue(), found));
        return found;
    }

    private static void walk(String owner, JsonNode node, List<Statement> found) {
        if (node.isObject() && node.has("Statement") && node.has("Version")) {
            JsonNode statements = node.get("Statement");
            if (statements.isArray()) {
                statements.forEach(s -> found.add(new Statement(owner, s)));
            } else {
                found.add(new Statement(owner, statements));
            }
        }
        node.forEach(child -> walk(owner, child, found));
    }

    static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        collect(node, texts);
        return texts;
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isMissingNode() || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collect(element, texts));
        } else if (node.isValueNode()) {
            texts.add(node.asText());
        } else if (node.has("Fn::Sub")) {
            JsonNode sub = node.get("Fn::Sub");
            texts.add(sub.isArray() ? sub.get(0).asText() : sub.asText());
            if (sub.isArray() && sub.size() > 1) {
                sub.get(1).forEach(variable -> collect(variable, texts));
            }
        } else if (node.has("Fn::Join")) {
            String separator = node.get("Fn::Join").get(0).asText();
            texts.add(StreamSupport.stream(node.get("Fn::Join").get(1).spliterator(), false)
                    .map(part -> part.isValueNode() ? part.asText() : String.join("|", texts(part)))
                    .collect(Collectors.joining(separator)));
        } else if (node.has("Fn::If")) {
            collect(node.get("Fn::If").get(1), texts);
            collect(node.get("Fn::If").get(2), texts);
        } else if (node.has("Ref")) {
            texts.add("${" + node.get("Ref").asText() + "}");
        } else if (node.has("Fn::GetAtt")) {
            JsonNode att = node.get("Fn::GetAtt");
            texts.add("${" + (att.isArray() ? att.get(0).asText() + "." + att.get(1).asText() : att.asText()) + "}");
        } else {
            throw new AssertionError("cannot read a policy value written as " + node);
        }
    }
}
