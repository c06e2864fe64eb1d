package io.provisor.directory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * Imports a directory snapshot in Microsoft Graph's shapes, streamed: a JSON object
 * {@code {"users": [...], "groups": [...], "appRoleAssignments": [...]}}, or NDJSON with one object per
 * line told apart by {@code @odata.type}. Records are written in batches, each batch one transaction;
 * importing the same snapshot again changes nothing. A batch is written on a second thread while the
 * next one is read and validated. A bad record stops the import: its batch is never written or rolled
 * back whole, earlier batches stay, and the report says where the record is.
 */
public final class SnapshotImporter {

    public static final int DEFAULT_BATCH = 500;

    private final Directory directory;
    private final int batchSize;
    private final LongConsumer committed;
    private final int maxOtherIds;

    public SnapshotImporter(Directory directory, int batchSize) {
        this(directory, batchSize, records -> { });
    }

    /**
     * @param committed told the number of records committed so far: after each batch, or during a bulk load on H2,
     *                  whose commits are written out late, about once a second, when they are written out
     */
    public SnapshotImporter(Directory directory, int batchSize, LongConsumer committed) {
        this(directory, batchSize, committed, KnownIds.MAX_OTHERS);
    }

    /** {@code maxOtherIds}: how many ids not in UUID form the import remembers across batches (tests set it low). */
    SnapshotImporter(Directory directory, int batchSize, LongConsumer committed, int maxOtherIds) {
        this.directory = directory;
        this.batchSize = batchSize;
        this.committed = committed;
        this.maxOtherIds = maxOtherIds;
    }

    public ImportReport importJson(InputStream in) throws IOException {
        try (ImportBatch batch = new ImportBatch(directory.store(), batchSize, committed, maxOtherIds);
             JsonParser parser = Json.mapper().getFactory().createParser(in)) {
            try {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return batch.fail(0, 1, "", "a snapshot is a JSON object with `users`, `groups` and `appRoleAssignments` lists");
                }
                long record = 0;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String section = parser.currentName();
                    JsonToken value = parser.nextToken();
                    ImportBatch.Kind kind = ImportBatch.Kind.ofSection(section);
                    if (kind == null) {
                        parser.skipChildren();
                        continue;
                    }
                    if (value != JsonToken.START_ARRAY) {
                        return batch.fail(record, parser.currentLocation().getLineNr(), "/" + section, "`" + section + "` must be a list");
                    }
                    int index = 0;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        long line = parser.currentLocation().getLineNr();
                        JsonNode node = Json.mapper().readTree(parser);
                        if (!batch.add(kind, node, ++record, line, "/" + section + "/" + index++)) {
                            return batch.report();
                        }
                    }
                    if (parser.currentToken() != JsonToken.END_ARRAY) {
                        return batch.fail(record + 1, parser.currentLocation().getLineNr(), "/" + section + "/" + index,
                                "each entry of `" + section + "` must be an object");
                    }
                }
            } catch (JsonProcessingException e) {
                return batch.fail(batch.records() + 1, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "",
                        "malformed JSON: " + e.getOriginalMessage());
            }
            return batch.finish();
        }
    }

    public ImportReport importNdjson(InputStream in) throws IOException {
        try (ImportBatch batch = new ImportBatch(directory.store(), batchSize, committed, maxOtherIds)) {
            return importNdjson(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), batch);
        }
    }

    private static ImportReport importNdjson(BufferedReader reader, ImportBatch batch) throws IOException {
        String text;
        long line = 0;
        long record = 0;
        while ((text = reader.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            record++;
            JsonNode node;
            try {
                node = Json.mapper().readTree(text);
            } catch (JsonProcessingException e) {
                return batch.fail(record, line, "", "malformed JSON: " + e.getOriginalMessage());
            }
            ImportBatch.Kind kind = node.isObject() ? ImportBatch.Kind.ofOdataType(node.path("@odata.type").asText("")) : null;
            if (kind == null) {
                return batch.fail(record, line, "/@odata.type",
                        "each line needs `@odata.type`: #microsoft.graph.user, #microsoft.graph.group or #microsoft.graph.appRoleAssignment");
            }
            if (!batch.add(kind, node, record, line, "")) {
                return batch.report();
            }
        }
        return batch.finish();
    }
}
