package io.provisor.revisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.codec.Json;
import io.provisor.cycle.JobSettings;
import io.provisor.engine.DecisionFailed;
import io.provisor.preview.ImpactPreview;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.RuleSetRejected;
import io.provisor.store.PreviewStore;
import io.provisor.store.PreviewStore.Preview;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Activation of proposed rule files through the API: they must compile, their app's policy tests must
 * pass, and when they would disable or delete more users than the app's deletion threshold, or fail on
 * users the active rules decide (a rule or mapping that throws on their data), the request must name a
 * preview of exactly these files.
 */
public final class RuleActivation {

    /** Runs an app's policy tests against a proposed set; returns the names of failed tests (none when all pass). */
    @FunctionalInterface
    public interface TestGate {
        List<String> failures(String app, RuleSet proposed);
    }

    private final RuleLibrary library;
    private final RuleRevisions revisions;
    private final ImpactPreview previews;
    private final PreviewStore previewStore;
    private final TestGate tests;

    public RuleActivation(RuleLibrary library, RuleRevisions revisions, ImpactPreview previews, PreviewStore previewStore, TestGate tests) {
        this.library = library;
        this.revisions = revisions;
        this.previews = previews;
        this.previewStore = previewStore;
        this.tests = tests;
    }

    public RuleSet activate(String app, Map<String, String> appFiles, String previewId, String actor) throws RuleSetRejected {
        List<RuleFile> files = new ArrayList<>(library.commonFiles());
        appFiles.forEach((path, text) -> files.add(RuleFile.of(path, text)));
        RuleSet proposed = library.check(app, files);
        List<String> failed = tests.failures(app, proposed);
        if (!failed.isEmpty()) {
            throw new BadInput("/files", "the app's policy tests fail with these files: " + String.join(", ", failed));
        }
        int threshold = threshold(appFiles.get(app + "/app.json"));
        if (threshold > 0) {
            String hash = ImpactPreview.hash(appFiles);
            if (previewId != null) {
                Preview named = previewStore.preview(app, previewId).orElseThrow(() -> new BadInput("/preview",
                        "no preview `" + previewId + "` of app `" + app + "`"));
                if (!named.filesHash().equals(hash)) {
                    throw new BadInput("/preview", "preview `" + previewId + "` was made for other files; preview these files first");
                }
            } else {
                Preview impact = previews.run(app, appFiles);
                long failing = previewStore.newFailures(impact.id(), DecisionFailed.CODES);
                if (impact.disablesDeletes() > threshold || failing > 0) {
                    throw new PreviewRequired(impact, threshold, failing, "activation held");
                }
            }
        }
        return revisions.activate(app, appFiles, actor);
    }

    private static int threshold(String appJson) {
        if (appJson == null) {
            return JobSettings.DEFAULTS.deletionThreshold();
        }
        try {
            JsonNode node = Json.mapper().readTree(appJson);
            return JobSettings.read(node.path("provisioning")).deletionThreshold();
        } catch (IOException e) {
            throw new BadInput("/files/app.json", "app.json is not valid JSON: " + e.getMessage());
        }
    }
}
