package io.provisor.scimtarget;

import io.provisor.scimtarget.Http1.Header;
import io.provisor.scimtarget.Http1.Request;
import io.provisor.scimtarget.Http1.Response;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 proxy on a loopback port in front of one base URL that injects faults into chosen
 * requests and passes every other request through unchanged (method, path, query, headers including
 * Authorization, body; and back status, headers, body). Thread-safe; rules are used first-come.
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(target.baseUrl())) {
 *     FaultProxy.Rule lost = proxy.on("POST", "/Users").forwardThenDrop(); // the server creates, the client sees an IOException
 *     proxy.on("GET", "/Users").times(2).tooManyRequests(Duration.ofSeconds(1));
 *     // ... run the SCIM client against proxy.baseUrl() with target.token() ...
 *     assertThat(lost.injected()).isEqualTo(1);
 *     assertThat(proxy.seen("GET", "/Users")).isEqualTo(3);
 * }
 * }</pre>
 * Paths are matched, as a whole, against the request path relative to the proxied base URL
 * ({@code /Users}, {@code /Users/[^/]+}), without the query. Note that java.net.http retries an
 * idempotent request (GET) once on a fresh connection when a reused one closes before any answer:
 * to drop a GET for good, drop it {@code times(2)}.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy did with a request. */
    public enum Fault { NONE, STATUS, DELAY, DROP, FORWARD_THEN_DROP, FORWARD_THEN_HANG, HOLD }

    /** One request the proxy saw, with its path relative to the base URL, and what was done with it. */
    public record Exchange(String method, String path, Fault fault) {
    }

    private final Upstream upstream;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Rule> rules = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = new Upstream(upstream);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** Starts a proxy for {@code upstream}, e.g. {@code http://127.0.0.1:41234/scim/v2}. */
    public static FaultProxy start(URI upstream) {
        try {
            return new FaultProxy(upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upstream base URL with the proxy's host and port, e.g. {@code http://127.0.0.1:40111/scim/v2}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + upstream.basePath());
    }

    /** A rule for requests with this method ({@code *} for any) whose relative path matches the regex. */
    public RuleBuilder on(String method, String pathRegex) {
        return new RuleBuilder(method, Pattern.compile(pathRegex));
    }

    /** Forgets every rule and every exchange seen. */
    public synchronized void clear() {
        rules.clear();
        exchanges.clear();
    }

    /** Requests seen so far with this method ({@code *} for any) whose relative path matches the regex. */
    public synchronized int seen(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex);
        return (int) exchanges.stream().filter(e -> matches(method, path, e.method(), e.path())).count();
    }

    /** Requests that got a fault rather than passing through. */
    /** The most requests the proxy was working on at one time (from arrival to the answer written). */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    public synchronized int faultsInjected() {
        return (int) exchanges.stream().filter(e -> e.fault() != Fault.NONE).count();
    }

    /** Every request seen so far, in order of arrival. */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    @Override
    public void close() {
        closing.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }

    /** Chooses the requests a fault applies to; ends with the fault. */
    public final class RuleBuilder {
        private final String method;
        private final Pattern path;
        private int times = 1;

        private RuleBuilder(String method, Pattern path) {
            this.method = method;
            this.path = path;
        }

        /** The fault applies to the next {@code n} matching requests (1 unless told). */
        public RuleBuilder times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be at least 1: " + n);
            }
            times = n;
            return this;
        }

        /** The fault applies to every matching request until {@link #clear()}. */
        public RuleBuilder always() {
            return times(Integer.MAX_VALUE);
        }

        /** Answers 429 with {@code Retry-After} in whole seconds; the server never sees the request. */
        public Rule tooManyRequests(Duration retryAfter) {
            return add(Fault.STATUS, 429, retryAfter);
        }

        /** Answers 500 with a SCIM error body; the server never sees the request. */
        public Rule serverError() {
            return respond(500);
        }

        /** Answers this status with a SCIM error body; the server never sees the request. */
        public Rule respond(int status) {
            return add(Fault.STATUS, status, null);
        }

        /** Holds the request for this long, then forwards it and answers; a client with a shorter timeout gives up first. */
        public Rule delay(Duration duration) {
            return add(Fault.DELAY, 0, duration);
        }

        /** Closes the connection without an answer; the server never sees the request. */
        public Rule drop() {
            return add(Fault.DROP, 0, null);
        }

        /** Forwards the request (the server applies it), then closes the connection without an answer. */
        public Rule forwardThenDrop() {
            return add(Fault.FORWARD_THEN_DROP, 0, null);
        }

        /** Forwards the request (the server applies it), then never answers: the client times out. */
        public Rule forwardThenHang() {
            return add(Fault.FORWARD_THEN_HANG, 0, null);
        }

        /**
         * Holds the request, unsent, until {@link Rule#release()}, then forwards it and answers: the test sees
         * the state in which the client sent it ({@link Rule#awaitHeld}).
         */
        public Rule hold() {
            return add(Fault.HOLD, 0, null);
        }

        private Rule add(Fault fault, int status, Duration duration) {
            Rule rule = new Rule(method, path, fault, status, duration, times);
            synchronized (FaultProxy.this) {
                rules.add(rule);
            }
            return rule;
        }
    }

    /** A fault for some requests; tells how often it was injected. */
    public static final class Rule {
        private final String method;
        private final Pattern path;
        private final Fault fault;
        private final int status;
        private final Duration duration;
        private final AtomicInteger remaining;
        private final AtomicInteger injected = new AtomicInteger();

        private Rule(String method, Pattern path, Fault fault, int status, Duration duration, int times) {
            this.method = method;
            this.path = path;
            this.fault = fault;
            this.status = status;
            this.duration = duration;
            this.remaining = new AtomicInteger(times);
        }

        private int completed;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Waits until a request is held by this rule; true if one was in time. */
        public boolean awaitHeld(Duration timeout) throws InterruptedException {
            return held.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Lets held requests (and those still to come) go on to the server. */
        public void release() {
            released.countDown();
        }

        /** Requests this rule has been applied to so far. */
        public int injected() {
            return injected.get();
        }

        /**
         * Waits until the fault has been carried out {@code n} times: the answer written, the connection
         * dropped, or (for the forwarding faults) the server's answer received. True if it was in time.
         */
        public synchronized boolean awaitCompleted(int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left = timeout.toNanos(); completed < n; left = deadline - System.nanoTime()) {
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        private synchronized void completed() {
            completed++;
            notifyAll();
        }

        public int remaining() {
            return remaining.get();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            for (Request request = Http1.read(in, out); request != null; request = Http1.read(in, out)) {
                Rule rule = take(request);
                Fault fault = rule == null ? Fault.NONE : rule.fault;
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    switch (fault) {
                        case NONE -> Http1.write(out, upstream.forward(request), request.wantsClose());
                        case STATUS -> {
                            Http1.write(out, synthetic(rule), request.wantsClose());
                            rule.completed();
                        }
                        case DELAY -> {
                            if (closing.await(rule.duration.toMillis(), TimeUnit.MILLISECONDS)) {
                                return;
                            }
                            Http1.write(out, upstream.forward(request), request.wantsClose());
                            rule.completed();
                        }
                        case DROP, FORWARD_THEN_DROP -> {
                            if (fault == Fault.FORWARD_THEN_DROP) {
                                upstream.forward(request);
                            }
                            socket.close();
                            rule.completed();
                            return;
                        }
                        case HOLD -> {
                            rule.held.countDown();
                            while (!rule.released.await(50, TimeUnit.MILLISECONDS)) {
                                if (closing.getCount() == 0) {
                                    return;
                                }
                            }
                            Http1.write(out, upstream.forward(request), request.wantsClose());
                            rule.completed();
                        }
                        case FORWARD_THEN_HANG -> {
                            upstream.forward(request);
                            rule.completed();
                            while (in.read() >= 0) {
                                // hold the connection until the client gives up (or the proxy closes)
                            }
                            return;
                        }
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
                if (request.wantsClose()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the proxy is closing
        } finally {
            connections.remove(socket);
        }
    }

    private synchronized Rule take(Request request) {
        String path = upstream.relative(request.path());
        Rule chosen = null;
        for (Rule rule : rules) {
            if (matches(rule.method, rule.path, request.method(), path) && rule.remaining.get() > 0) {
                rule.remaining.decrementAndGet();
                rule.injected.incrementAndGet();
                chosen = rule;
                break;
            }
        }
        exchanges.add(new Exchange(request.method(), path, chosen == null ? Fault.NONE : chosen.fault));
        return chosen;
    }

    private static boolean matches(String method, Pattern path, String actualMethod, String actualPath) {
        return ("*".equals(method) || method.equalsIgnoreCase(actualMethod)) && path.matcher(actualPath).matches();
    }

    private static Response synthetic(Rule rule) {
        Response response = Upstream.error(rule.status, "injected by FaultProxy");
        if (rule.duration == null) {
            return response;
        }
        List<Header> headers = new ArrayList<>(response.headers());
        headers.add(new Header("Retry-After", Long.toString(Math.max(0, rule.duration.toSeconds()))));
        return new Response(response.status(), headers, response.body());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
