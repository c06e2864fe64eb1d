package io.provisor.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisor.codec.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The limit a cycle is measured against: a plain java.net.http client sending, for each user, the
 * requests an initial cycle sends for an unlinked user, with the same number of threads as the cycle's
 * concurrency: {@code GET /Users?filter=userName eq "..."}, which finds nothing, then (when
 * {@code emailLookup}, as the samples' app has a second matching attribute and the cycle tries it)
 * {@code GET /Users?filter=emails[type eq "work" and value eq "..."]}, then {@code POST /Users} with the
 * body the samples' mappings produce. No store, no rules, no logs.
 */
final class RawScimLoad {

    /** What one run did; {@code halfNanos}: when half of the users were done. */
    record Result(int users, long requests, long nanos, long halfNanos, long unexpected, String firstProblem) {
    }

    private final URI baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();

    private final boolean emailLookup;
    /** CPU each thread spends after each user, as if it had its own work to do for the user (0: none). */
    private final long workNanosPerUser;

    RawScimLoad(URI baseUrl, String token, boolean emailLookup) {
        this(baseUrl, token, emailLookup, 0);
    }

    RawScimLoad(URI baseUrl, String token, boolean emailLookup, long workNanosPerUser) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.emailLookup = emailLookup;
        this.workNanosPerUser = workNanosPerUser;
    }

    Result run(int users, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong half = new AtomicLong(-1);
        AtomicLong requests = new AtomicLong();
        AtomicLong unexpected = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < users; i = next.getAndIncrement()) {
                    try {
                        lookup("userName eq \"" + CycleTenant.userPrincipalName(i) + "\"", requests, unexpected, problem);
                        if (emailLookup) {
                            lookup("emails[type eq \"work\" and value eq \"" + CycleTenant.userPrincipalName(i) + "\"]",
                                    requests, unexpected, problem);
                        }
                        HttpResponse<String> created = http.send(post(i), HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        if (created.statusCode() != 201) {
                            fail(unexpected, problem, "POST answered " + created.statusCode() + ": " + created.body());
                        }
                        work(workNanosPerUser);
                        if (done.incrementAndGet() == users / 2) {
                            half.set(System.nanoTime() - t0);
                        }
                    } catch (IOException e) {
                        fail(unexpected, problem, e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "raw-scim-" + t);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result(users, requests.get(), System.nanoTime() - t0, half.get(), unexpected.get(), problem.get());
    }

    /**
     * Spends this thread's CPU, not wall time: on two shared cores a thread waits for a CPU, and a spin timed by the
     * clock would burn less than asked. Arithmetic without allocation, so the collector has nothing extra to do.
     */
    private static void work(long cpuNanos) {
        if (cpuNanos <= 0) {
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + cpuNanos;
        double x = 1;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 500; i++) {
                x = x * 1.0000001 + 1e-9;
            }
        }
        if (x == 0) {
            throw new AssertionError("keeps the loop from being optimized away");
        }
    }

    private void lookup(String filter, AtomicLong requests, AtomicLong unexpected, AtomicReference<String> problem)
            throws IOException, InterruptedException {
        HttpResponse<String> found = http.send(get(filter), HttpResponse.BodyHandlers.ofString());
        requests.incrementAndGet();
        if (found.statusCode() != 200) {
            fail(unexpected, problem, "GET answered " + found.statusCode() + ": " + found.body());
        }
    }

    private static void fail(AtomicLong unexpected, AtomicReference<String> problem, String what) {
        unexpected.incrementAndGet();
        problem.compareAndSet(null, what.length() > 300 ? what.substring(0, 300) : what);
    }

    private HttpRequest get(String filter) {
        String query = URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
        return HttpRequest.newBuilder(URI.create(baseUrl + "/Users?filter=" + query)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json").GET().build();
    }

    private HttpRequest post(int i) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/Users")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json")
                .header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(body(i))).build();
    }

    /**
     * The user as the samples' mappings write it on create, keys in the cycle's order (as traced on the wire);
     * RawScimLoadTest holds the content to the cycle's.
     */
    static String body(int i) {
        ObjectNode user = Json.mapper().createObjectNode();
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User")
                .add("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        String upn = CycleTenant.userPrincipalName(i);
        user.put("userName", upn);
        user.putArray("emails").addObject().put("type", "work").put("primary", true).put("value", upn);
        user.put("active", true);
        user.put("displayName", CycleTenant.givenName(i) + " " + CycleTenant.surname(i));
        user.putObject("name").put("givenName", CycleTenant.givenName(i)).put("familyName", CycleTenant.surname(i));
        user.put("title", "Account Executive");
        user.put("externalId", CycleTenant.userId(i));
        user.put("nickName", CycleTenant.mailNickname(i));
        user.putArray("addresses").addObject().put("type", "work").put("primary", true).put("locality", CycleTenant.city(i))
                .put("country", "US");
        user.put("preferredLanguage", "en-US");
        user.putObject("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").put("employeeNumber", CycleTenant.employeeId(i))
                .put("department", "Sales").put("organization", "Contoso");
        user.putArray("roles").addObject().put("primary", true).put("value", "sales-rep");
        return Json.write(user);
    }
}
