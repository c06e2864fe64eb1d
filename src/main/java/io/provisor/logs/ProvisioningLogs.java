package io.provisor.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.provisor.codec.Json;
import io.provisor.model.LogEntry;
import io.provisor.store.LogQuery;
import io.provisor.store.ProvisioningLogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Optional;

/** Provisioning logs as admins see them: JSON records, searched and paged, or exported as CSV. */
public final class ProvisioningLogs {

    /** A page of records and the cursor of the next one (null on the last page). */
    public record Page(List<JsonNode> value, String nextCursor) {
    }

    private final ProvisioningLogStore store;

    public ProvisioningLogs(ProvisioningLogStore store) {
        this.store = store;
    }

    /** Stores records in one transaction: see {@link ProvisioningLogStore#appendAll}. */
    public void append(List<LogEntry> entries) {
        store.appendAll(entries);
    }

    public Page search(LogQuery query) {
        ProvisioningLogStore.Page page = store.search(query);
        return new Page(page.records().stream().map(stored -> parse(stored.document())).toList(), page.nextCursor());
    }

    public Optional<JsonNode> get(String app, String id) {
        return store.get(app, id).map(ProvisioningLogs::parse);
    }

    /** Writes every record the query finds, page after page, as CSV; returns how many. */
    public long exportCsv(LogQuery query, Writer out) {
        try {
            out.write(LogCsv.header());
            long count = 0;
            LogQuery next = query;
            while (next != null) {
                ProvisioningLogStore.Page page = store.search(next);
                for (ProvisioningLogStore.Stored stored : page.records()) {
                    out.write(LogCsv.line(parse(stored.document())));
                    count++;
                }
                next = page.nextCursor() == null ? null : new LogQuery(query.app(), query.q(), query.action(), query.status(),
                        query.cycleId(), query.from(), query.to(), query.limit(),
                        io.provisor.store.LogCursor.decode(page.nextCursor()));
            }
            out.flush();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CSV export", e);
        }
    }

    private static JsonNode parse(String document) {
        try {
            return Json.mapper().readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored log record is always valid JSON", e);
        }
    }
}
