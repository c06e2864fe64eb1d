package io.provisor.scimtarget;

import io.provisor.sandbox.SandboxScimServer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox SCIM app (SCIM-SDK) in a JVM of its own on loopback, as a real target app runs apart from
 * provisor: its users, collections and compiler work stay out of the JVM under measurement. The same server
 * as {@link SandboxTarget}; started by {@link #start}, stopped by {@link #close} or when this JVM exits.
 */
public final class SandboxProcess implements ScimTarget, AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESET_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI baseUrl;
    private final String token;
    private final BlockingQueue<String> stdout;
    private final Writer stdin;

    private SandboxProcess(Process process, URI baseUrl, String token, BlockingQueue<String> stdout) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.token = token;
        this.stdout = stdout;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts the server in a new JVM with this JVM's class path and {@code jvmOptions} (e.g. {@code -Xmx2g}). */
    public static SandboxProcess start(List<String> jvmOptions) {
        String token = "sandbox-process-" + UUID.randomUUID();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SandboxProcessMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(SandboxProcessMain.TOKEN_VARIABLE, token);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox SCIM app's JVM", e);
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        NodeServer.drain(process.getInputStream(), "sandbox-process-stdout", lines::add); // await() reports an early exit
        String ready = await(process, lines, SandboxProcessMain.READY, START_TIMEOUT, "start");
        SandboxProcess started = new SandboxProcess(process, URI.create(ready.substring(SandboxProcessMain.READY.length())), token, lines);
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "sandbox-process-stop"));
        return started;
    }

    /** The first line that starts with {@code prefix}; lines a library may print before it are skipped. */
    private static String await(Process process, BlockingQueue<String> lines, String prefix, Duration timeout, String what) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    throw new IllegalStateException("the sandbox SCIM app's JVM exited with status " + process.exitValue()
                            + " before its " + what + " was done (its stderr is above)");
                }
            }
            process.destroyForcibly();
            throw new IllegalStateException("the sandbox SCIM app's JVM did not finish its " + what + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the sandbox SCIM app's " + what, e);
        }
    }

    @Override
    public String name() {
        return "scim-sdk (own JVM)";
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public List<Map<String, Object>> users() {
        return ScimPages.readAll(baseUrl, token, "/Users", SandboxScimServer.MAX_RESULTS);
    }

    @Override
    public List<Map<String, Object>> groups() {
        return ScimPages.readAll(baseUrl, token, "/Groups", SandboxScimServer.MAX_RESULTS);
    }

    @Override
    public Optional<ProcessHandle> process() {
        return Optional.of(process.toHandle());
    }

    @Override
    public synchronized void reset() {
        try {
            stdin.write(SandboxProcessMain.RESET + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox SCIM app's JVM no longer takes commands", e);
        }
        await(process, stdout, SandboxProcessMain.RESET_DONE, RESET_TIMEOUT, "reset");
    }

    /** Closes its stdin, on which the server exits; kills it if it has not within 10 s. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
