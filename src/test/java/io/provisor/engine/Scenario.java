package io.provisor.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.FactReader;
import io.provisor.codec.Json;
import io.provisor.model.Decision;
import io.provisor.model.Reason;
import io.provisor.model.Step;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.RuleSetRejected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scenario file: a request, the rules it runs under (an app of {@code rules/}, or an app.json and
 * DRL of its own compiled with {@code rules/common}), and the decision expected.
 */
record Scenario(Path file, JsonNode json) {

    static final Path RULES = Path.of("rules");
    private static final RuleLibrary LIBRARY = new RuleLibrary(RULES);
    private static final Map<String, RuleSet> COMPILED = new ConcurrentHashMap<>();

    static Scenario load(Path file) {
        try {
            return new Scenario(file, Json.mapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read scenario " + file, e);
        }
    }

    RuleSet ruleSet() throws RuleSetRejected {
        List<RuleFile> files = new ArrayList<>();
        String app;
        if (json.has("rules")) {
            app = json.get("rules").asText();
            files.addAll(LIBRARY.readFiles(app));
        } else {
            JsonNode config = json.get("app");
            app = config.path("name").asText("scenario");
            files.addAll(LIBRARY.commonFiles());
            files.add(RuleFile.of(app + "/app.json", config.toString()));
            for (Iterator<Map.Entry<String, JsonNode>> it = json.path("drl").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> drl = it.next();
                files.add(RuleFile.of(app + "/" + drl.getKey(), drl.getValue().asText()));
            }
        }
        String key = app + files.hashCode();
        RuleSet cached = COMPILED.get(key);
        if (cached == null) {
            cached = LIBRARY.check(app, files);
            COMPILED.put(key, cached);
        }
        return cached;
    }

    EvaluationInput input() {
        return FactReader.evaluationInput(json.get("request"));
    }

    /** Checks every expectation the file states. */
    void verify(Decision decision) {
        JsonNode expected = json.get("expected");
        String context = file + " → " + Json.mapper().valueToTree(decision).toPrettyString();
        assertThat(decision.action().toString()).as(context).isEqualTo(expected.get("action").asText());
        if (expected.has("code")) {
            assertThat(decision.code()).as(context).isEqualTo(expected.get("code").asText());
        }
        if (expected.has("entraCode")) {
            assertThat(decision.entraCode()).as(context).isEqualTo(expected.get("entraCode").asText());
        }
        if (expected.has("reasons")) {
            List<String> ids = new ArrayList<>();
            expected.get("reasons").forEach(id -> ids.add(id.asText()));
            assertThat(decision.reasons()).extracting(Reason::ruleId).as(context).containsExactlyElementsOf(ids);
        }
        if (expected.has("fixContains")) {
            assertThat(decision.reasons()).extracting(Reason::fix).as(context)
                    .anySatisfy(fix -> assertThat(fix).contains(expected.get("fixContains").asText()));
        }
        if (expected.has("messageContains")) {
            assertThat(decision.reasons()).extracting(Reason::message).as(context)
                    .anySatisfy(message -> assertThat(message).contains(expected.get("messageContains").asText()));
        }
        expected.path("steps").fields().forEachRemaining(step -> assertThat(decision.steps())
                .filteredOn(s -> s.type().toString().equals(step.getKey())).extracting(Step::status)
                .map(Object::toString).as(context).containsExactly(step.getValue().asText()));
        if (expected.has("warnings")) {
            assertThat(decision.warnings()).as(context).hasSize(expected.get("warnings").asInt());
        }
        if (expected.has("modifiedProperties")) {
            List<String> names = new ArrayList<>();
            expected.get("modifiedProperties").forEach(name -> names.add(name.asText()));
            assertThat(decision.modifiedProperties()).extracting(c -> c.name()).as(context)
                    .containsExactlyInAnyOrderElementsOf(names);
        }
    }

    static List<Path> all(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
