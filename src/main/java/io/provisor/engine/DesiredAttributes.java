package io.provisor.engine;

import io.provisor.model.TargetPath;
import io.provisor.rules.facts.App;
import io.provisor.rules.facts.AttributeDiff;
import io.provisor.rules.facts.AttributeMatch;
import io.provisor.rules.facts.TargetState;
import io.provisor.rules.facts.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What provisor would write to an in-scope user's account, compared with what the account holds.
 * Until attribute mappings exist, the written attributes are the matching attributes and {@code active}.
 * A null source value is never written, so it never makes a difference.
 */
final class DesiredAttributes {

    private static final TargetPath ACTIVE = TargetPath.parse("active");

    private DesiredAttributes() {
    }

    static List<AttributeDiff> diff(App app, User user, TargetState target) {
        if (!target.isLinked() && target.getMatchCount() != 1) {
            return List.of();
        }
        Map<String, Object> current = target.currentAttributes();
        List<AttributeDiff> diffs = new ArrayList<>();
        for (Map.Entry<TargetPath, Object> wanted : desired(app, user).entrySet()) {
            Object old = wanted.getKey().read(current);
            if (!sameValue(old, wanted.getValue())) {
                diffs.add(new AttributeDiff(wanted.getKey().text(), old, wanted.getValue()));
            }
        }
        return diffs;
    }

    private static Map<TargetPath, Object> desired(App app, User user) {
        Map<TargetPath, Object> desired = new LinkedHashMap<>();
        for (AttributeMatch match : app.matching()) {
            String value = user.text(match.source());
            if (value != null) {
                desired.putIfAbsent(match.path(), value);
            }
        }
        desired.put(ACTIVE, Boolean.TRUE);
        return desired;
    }

    private static boolean sameValue(Object current, Object wanted) {
        if (current == null) {
            return false;
        }
        if (wanted instanceof Boolean) {
            return Objects.equals(String.valueOf(current).toLowerCase(java.util.Locale.ROOT), String.valueOf(wanted));
        }
        return Objects.equals(String.valueOf(current), String.valueOf(wanted));
    }
}
