package io.provisor.scimtarget;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node process behind {@link ScimmyTarget}: installs the npm packages of {@code src/test/scim-target}
 * when its lock file changed (once, under a file lock, so parallel JVMs don't race), starts
 * {@code node server.js} and stops it with its descendants when the JVM exits.
 */
final class NodeServer {

    private static final Pattern READY = Pattern.compile("scim-target listening on (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final String STAMP = "node_modules/.provisor-installed";

    private final Process process;
    private final URI baseUrl;

    private NodeServer(Process process, URI baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    URI baseUrl() {
        return baseUrl;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    /** {@code src/test/scim-target} of this Maven module: from {@code basedir} (set by Surefire) or the working directory. */
    static Path directory() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("src/test/scim-target");
        if (!Files.isRegularFile(dir.resolve("server.js"))) {
            throw new IllegalStateException("SCIMMY test target not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** Runs {@code npm ci} unless {@code node_modules} was installed from this very package-lock.json. */
    @SuppressWarnings("try") // the lock is held by being open
    static void install(Path dir) {
        String wanted = sha256(dir.resolve("package-lock.json"));
        if (installed(dir, wanted)) {
            return;
        }
        synchronized (NodeServer.class) {
            try (FileChannel channel = FileChannel.open(dir.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                if (installed(dir, wanted)) {
                    return;
                }
                run(dir, INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline");
                Files.writeString(dir.resolve(STAMP), wanted);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install the SCIMMY test target in " + dir, e);
            }
        }
    }

    /** Starts {@code node server.js} on a free loopback port; the process ends with this JVM. */
    static NodeServer start(Path dir, String token) {
        requireNode(dir);
        install(dir);
        Process process = launch(dir, false, "node", "server.js", "--port", "0", "--token", token, "--exit-on-stdin-close");
        // stdin stays open: when this JVM dies, even killed, node sees it close and exits.
        Deque<String> stderr = new ArrayDeque<>();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        Thread errors = drain(process.getErrorStream(), "scimmy-stderr", line -> remember(stderr, line));
        drain(process.getInputStream(), "scimmy-stdout", line -> {
            Matcher matcher = READY.matcher(line);
            if (matcher.find()) {
                ready.complete(URI.create(matcher.group(1)));
            }
        });
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("node server.js exited with status " + process.exitValue())));
        try {
            URI baseUrl = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            NodeServer server = new NodeServer(process, baseUrl);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "scimmy-stop"));
            return server;
        } catch (ExecutionException | TimeoutException e) {
            stop(process);
            join(errors);
            String why = e instanceof TimeoutException ? "did not start within " + START_TIMEOUT.toSeconds() + " s" : e.getCause().getMessage();
            throw new IllegalStateException("SCIMMY test target (" + dir + ") " + why + "; its stderr:\n" + tail(stderr));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IllegalStateException("interrupted while starting the SCIMMY test target", e);
        }
    }

    void stop() {
        stop(process);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireNode(Path dir) {
        List<String> version = run(dir, Duration.ofSeconds(30), "node", "--version");
        Matcher major = Pattern.compile("v(\\d+)\\.").matcher(String.join("", version));
        if (!major.find() || Integer.parseInt(major.group(1)) < 18) {
            throw new IllegalStateException("the SCIMMY test target needs Node.js 18 or later (20 recommended), found " + version);
        }
    }

    /** Runs a command to completion and returns its output (stdout and stderr merged); fails with that output. */
    private static List<String> run(Path dir, Duration timeout, String... command) {
        Process process = launch(dir, true, command);
        closeQuietly(process);
        Deque<String> output = new ArrayDeque<>();
        Thread reader = drain(process.getInputStream(), command[0] + "-output", line -> remember(output, line));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(process);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + " in " + dir + ":\n" + tail(output));
            }
            join(reader);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with status " + process.exitValue() + " in " + dir + ":\n" + tail(output));
            }
            return List.copyOf(output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static Process launch(Path dir, boolean mergeErrors, String... command) {
        try {
            return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(mergeErrors).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `" + command[0] + "`: the SCIMMY test target (src/test/scim-target) needs"
                    + " Node.js 20 and npm on the PATH (Debian: apt-get install nodejs npm); " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // nothing to write anyway
        }
    }

    private static boolean installed(Path dir, String wanted) {
        try {
            Path stamp = dir.resolve(STAMP);
            return Files.isRegularFile(stamp) && Files.readString(stamp).equals(wanted);
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands each line of a child process's output to {@code lines} on a daemon thread, until the stream ends. */
    static Thread drain(InputStream stream, String name, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void remember(Deque<String> lines, String line) {
        synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > 200) {
                lines.removeFirst();
            }
        }
    }

    private static String tail(Deque<String> lines) {
        synchronized (lines) {
            return lines.isEmpty() ? "(nothing)" : String.join("\n", lines);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
