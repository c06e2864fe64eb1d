package io.provisor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.provisor.TestRules;
import io.provisor.codec.Json;
import io.provisor.codec.StoredUserReader;
import io.provisor.connector.ObjectKind;
import io.provisor.connector.scim.ScimConnector;
import io.provisor.engine.EvaluationInput;
import io.provisor.engine.PolicyEngine;
import io.provisor.engine.Verdict;
import io.provisor.model.Action;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.AppRoleAssignment;
import io.provisor.rules.facts.Group;
import io.provisor.rules.facts.PrincipalType;
import io.provisor.rules.facts.User;
import io.provisor.sandbox.SandboxScimServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw client is the limit a cycle is measured against only while it asks the server for the same work: its
 * accounts must be the ones the shipped rules and mappings create for the same users.
 */
class RawScimLoadTest {

    private static final String TOKEN = "raw-load-test-token";
    /** Every given name, two surnames and every city of the generated tenant. */
    private static final int USERS = 12;

    @Test
    void theRawClientCreatesTheAccountsTheCycleCreates(@TempDir Path dir) throws InterruptedException {
        RuleSet rules = new RuleLibrary(TestRules.copyShipped(dir)).loadAll().active(CycleTenant.APP).orElseThrow();
        PolicyEngine engine = new PolicyEngine();
        try (SandboxScimServer server = new SandboxScimServer(0, TOKEN).start();
             ScimConnector connector = connector(server)) {
            RawScimLoad.Result raw = new RawScimLoad(server.baseUrl(), TOKEN, true).run(USERS, 2);
            assertEquals(0, raw.unexpected(), raw.firstProblem());
            List<Map<String, Object>> rawAccounts = accounts(connector);

            server.clear();
            for (int i = 0; i < USERS; i++) {
                Verdict verdict = engine.decide(rules, input(i));
                assertEquals(Action.CREATE, verdict.decision().action(), "user " + i);
                connector.create(ObjectKind.USER, verdict.writes());
            }
            List<Map<String, Object>> cycleAccounts = accounts(connector);
            for (int i = 0; i < USERS; i++) {
                assertEquals(cycleAccounts.get(i), rawAccounts.get(i), "user " + i);
            }
        }
    }

    /**
     * The budget benchmark reads users/s against the CPU the raw client spends per user of its own: the client must
     * spend at least that much CPU, counted per thread, while wall time, which waits on a busy machine, would not.
     */
    @Test
    void theRawClientSpendsTheWorkItIsGivenPerUserAsCpu() throws InterruptedException {
        long workNanos = 100_000_000;
        try (SandboxScimServer server = new SandboxScimServer(0, TOKEN).start()) {
            long without = processCpu(() -> new RawScimLoad(server.baseUrl(), TOKEN, true).run(USERS, 2));
            server.clear();
            long with = processCpu(() -> new RawScimLoad(server.baseUrl(), TOKEN, true, workNanos).run(USERS, 2));
            assertEquals(USERS, server.userCount());
            // the run without work went first and paid for compiling, so the difference is at most the work
            assertTrue(with - without >= USERS * workNanos * 9 / 10,
                    "with work " + with / 1_000_000 + " ms of CPU, without " + without / 1_000_000 + " ms");
        }
    }

    private interface Load {
        RawScimLoad.Result run() throws InterruptedException;
    }

    /** The CPU the whole process used while the load ran; the load must get every answer it expects. */
    private static long processCpu(Load load) throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        RawScimLoad.Result result = load.run();
        long used = os.getProcessCpuTime() - before;
        assertEquals(0, result.unexpected(), result.firstProblem());
        return used;
    }

    /** User {@code i} as a cycle sees it: a member of the first group, which is assigned to the app. */
    private static EvaluationInput input(int i) {
        User user = StoredUserReader.read(CycleTenant.userJson(i));
        String groupId = CycleTenant.groupId(0);
        Group group = new Group(groupId, "Bench Sales US 0", null, null, true, List.of(user.id()));
        return new EvaluationInput(user, List.of(group),
                List.of(new AppRoleAssignment(groupId, PrincipalType.GROUP, CycleTenant.ROLE, null)), null);
    }

    /** The accounts as the server keeps them, without what the server assigns (id, meta). */
    private static List<Map<String, Object>> accounts(ScimConnector connector) {
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            List<Map<String, Object>> found = connector.find(ObjectKind.USER, "userName", CycleTenant.userPrincipalName(i));
            assertEquals(1, found.size(), "user " + i);
            Map<String, Object> account = new TreeMap<>(found.get(0));
            account.remove("id");
            account.remove("meta");
            accounts.add(account);
        }
        return accounts;
    }

    private static ScimConnector connector(SandboxScimServer server) {
        ObjectNode config = Json.mapper().createObjectNode().put("type", "scim").put("baseUrl", server.baseUrl().toString());
        config.putObject("auth").put("type", "bearer").put("tokenEnv", "RAW_LOAD_TEST_TOKEN");
        return ScimConnector.fromConfig(config, "/connector", name -> Optional.of(TOKEN));
    }
}
