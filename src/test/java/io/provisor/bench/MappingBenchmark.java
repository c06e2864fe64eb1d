package io.provisor.bench;

import io.provisor.mapping.AttributeFlow;
import io.provisor.mapping.SourceValues;
import io.provisor.mapping.expr.Expression;
import io.provisor.rules.RuleLibrary;
import io.provisor.rules.RuleSet;
import io.provisor.rules.facts.User;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Computes the samples' attribute mapping (a create: every mapping evaluated) for generated users and
 * prints users/s on 1 and 2 threads and bytes allocated per user. Prints figures; asserts nothing.
 *
 * <p>{@code mvn -q -Pbench test-compile exec:exec -Dbench.main=io.provisor.bench.MappingBenchmark -Dbench.args=users=1000000}
 */
public final class MappingBenchmark {

    private static volatile int sink;

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 && args[0].startsWith("users=") ? Integer.parseInt(args[0].substring(6)) : 1_000_000;
        RuleSet rules = new RuleLibrary(Path.of("rules")).loadAll().active("contoso-crm").orElseThrow();
        List<User> population = generate(users);
        List<Expression.AppRole> roles = List.of(new Expression.AppRole("r", "sales-rep", "Sales Rep"));
        System.out.printf(Locale.ROOT, "mapping benchmark: %d mappings of contoso-crm, %,d users, %d cores%n",
                rules.mappings().size(), users, Runtime.getRuntime().availableProcessors());
        run(rules, population, roles, 1, false);
        double one = run(rules, population, roles, 1, true);
        double two = run(rules, population, roles, 2, true);
        long allocated = allocationPerUser(rules, population.subList(0, Math.min(100_000, users)), roles);
        System.out.printf(Locale.ROOT, "1 thread : %,12.0f users/s%n2 threads: %,12.0f users/s (target >= 500,000)%n", one, two);
        System.out.printf(Locale.ROOT, "allocation: %,d bytes per user%n", allocated);
    }

    private static double run(RuleSet rules, List<User> users, List<Expression.AppRole> roles, int threads, boolean report)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<Integer>> parts = new ArrayList<>();
        int slice = users.size() / threads;
        for (int t = 0; t < threads; t++) {
            List<User> part = users.subList(t * slice, t == threads - 1 ? users.size() : (t + 1) * slice);
            parts.add(pool.submit(() -> map(rules, part, roles)));
        }
        int total = 0;
        for (Future<Integer> part : parts) {
            total += part.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        sink = total;
        return users.size() / seconds;
    }

    private static int map(RuleSet rules, List<User> users, List<Expression.AppRole> roles) {
        int attributes = 0;
        Instant now = Instant.now();
        for (User user : users) {
            SourceValues source = new SourceValues(user.id(), user::attribute, roles, false, now, ThreadLocalRandom.current());
            attributes += AttributeFlow.forCreate(rules.mappings(), source).attributes().size();
        }
        return attributes;
    }

    private static long allocationPerUser(RuleSet rules, List<User> users, List<Expression.AppRole> roles) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        sink = map(rules, users, roles);
        return (threads.getThreadAllocatedBytes(id) - before) / users.size();
    }

    private static List<User> generate(int count) {
        Random random = new Random(42);
        String[] departments = {"Sales", "Marketing", "Engineering", "Finance", "Support"};
        String[] countries = {"US", "DE", "GB", "FR", "JP"};
        List<User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String given = "Given" + i;
            String surname = "Surname" + (i % 997);
            users.add(new User("id-" + i, given.toLowerCase(Locale.ROOT) + "." + i + "@contoso.com", "u" + i + "@contoso.com",
                    "user" + i, given + " " + surname, given, surname, departments[random.nextInt(5)],
                    random.nextInt(10) == 0 ? null : "Account Executive", "Contoso", countries[random.nextInt(5)], "City" + (i % 50),
                    null, random.nextInt(20) == 0 ? null : String.valueOf(100_000 + i), "Employee", "Member", true, null, null, Map.of()));
        }
        return users;
    }
}
