package io.provisor;

import io.provisor.cli.Cli;
import java.util.List;

/** Entry point: the command line decides what runs. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int code = new Cli(System.out, System.err, System.getenv()).run(List.of(args));
        // serve returns 0 with the server running on its own threads; only failures end the process here.
        if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) {
            System.exit(code);
        }
    }
}
