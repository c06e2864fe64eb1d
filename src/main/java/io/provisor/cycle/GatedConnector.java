package io.provisor.cycle;

import io.provisor.connector.Connector;
import io.provisor.connector.ConnectorException;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.TargetError;
import io.provisor.model.AttributeChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A connector whose every request passes the app's {@link TargetGate}, and which tells the gate about 429s. */
final class GatedConnector implements Connector {

    private final Connector target;
    private final TargetGate gate;

    GatedConnector(Connector target, TargetGate gate) {
        this.target = target;
        this.gate = gate;
    }

    TargetGate gate() {
        return gate;
    }

    private <T> T call(Supplier<T> request) {
        try {
            gate.enter();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(new TargetError("Interrupted", 0, true, null,
                    "provisor stopped before the request was sent", "none: the object is processed again by the next cycle", false), e);
        }
        try {
            return request.get();
        } catch (ConnectorException e) {
            if ("TooManyRequests".equals(e.error().code())) {
                gate.pause(e.error().retryAfter());
            }
            throw e;
        } finally {
            gate.exit();
        }
    }

    private void run(Runnable request) {
        call(() -> {
            request.run();
            return null;
        });
    }

    @Override
    public void testConnection() {
        run(target::testConnection);
    }

    @Override
    public Optional<Map<String, Object>> get(ObjectKind kind, String id) {
        return call(() -> target.get(kind, id));
    }

    @Override
    public List<Map<String, Object>> find(ObjectKind kind, String targetPath, String value) {
        return call(() -> target.find(kind, targetPath, value));
    }

    @Override
    public Map<String, Object> create(ObjectKind kind, Map<String, Object> attributes) {
        return call(() -> target.create(kind, attributes));
    }

    @Override
    public void update(ObjectKind kind, String id, List<AttributeChange> changes) {
        run(() -> target.update(kind, id, changes));
    }

    @Override
    public void delete(ObjectKind kind, String id) {
        run(() -> target.delete(kind, id));
    }

    @Override
    public void addMembers(String groupId, List<String> memberIds) {
        run(() -> target.addMembers(groupId, memberIds));
    }

    @Override
    public void removeMembers(String groupId, List<String> memberIds) {
        run(() -> target.removeMembers(groupId, memberIds));
    }

    @Override
    public void close() {
        target.close();
    }
}
