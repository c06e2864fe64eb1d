package io.provisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.BadInput;
import io.provisor.rules.RuleFile;
import io.provisor.rules.RuleLibrary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Proposed rule files in a request body, {@code {"files": {"<app>/x.drl": "..."}}}, and the set they make with the files on disk. */
final class ProposedFiles {

    private ProposedFiles() {
    }

    /** The files of a {@code files} object: an app's DRL, its app.json or common DRL, each with text content. */
    static List<RuleFile> read(String app, JsonNode files) {
        if (!files.isObject() || files.isEmpty()) {
            throw new BadInput("/files", "send {\"files\": {\"" + app + "/name.drl\": \"DRL text\"}}");
        }
        List<RuleFile> proposed = new ArrayList<>();
        files.fields().forEachRemaining(entry -> {
            String path = entry.getKey();
            boolean allowed = (path.startsWith(app + "/") || path.startsWith(RuleLibrary.COMMON + "/"))
                    && !path.contains("..") && (path.endsWith(".drl") || path.equals(app + "/app.json"));
            if (!allowed || !entry.getValue().isTextual()) {
                throw new BadInput("/files/" + path.replace("~", "~0").replace("/", "~1"),
                        "a proposed file is `" + app + "/<name>.drl`, `" + app + "/app.json` or `common/<name>.drl`, with text content");
            }
            proposed.add(RuleFile.of(path, entry.getValue().asText()));
        });
        return proposed;
    }

    /** The app's files on disk, with the proposed ones added or in place of those with the same path. */
    static List<RuleFile> over(RuleLibrary library, String app, List<RuleFile> proposed) {
        Map<String, RuleFile> files = new LinkedHashMap<>();
        library.readFiles(app).forEach(file -> files.put(file.path(), file));
        proposed.forEach(file -> files.put(file.path(), file));
        return List.copyOf(files.values());
    }
}
