package io.provisor.sandbox;

import java.util.Optional;

/**
 * The sandbox target that {@code provisor serve} starts beside itself for apps whose connector is
 * {@code {"type": "sandbox"}}: one per process, so every such app provisions into the same loopback app.
 */
public final class SharedSandbox {

    private static SandboxScimServer running;
    private static String runningToken;

    private SharedSandbox() {
    }

    /** Starts the sandbox on 127.0.0.1:{@code port} with this token, unless it runs already. */
    public static synchronized SandboxScimServer start(int port, String token) {
        if (running == null) {
            running = new SandboxScimServer(port, token).start();
            runningToken = token;
        }
        return running;
    }

    public static synchronized Optional<SandboxScimServer> running() {
        return Optional.ofNullable(running);
    }

    /** The bearer token the running sandbox accepts. */
    public static synchronized String token() {
        return runningToken;
    }

    public static synchronized void stop() {
        if (running != null) {
            running.stop();
            running = null;
            runningToken = null;
        }
    }
}
