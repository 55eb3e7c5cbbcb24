package io.sqsmega.cli;

/**
 * A failure the user can act on: its message says what went wrong and how to fix it, and is all
 * the CLI prints (exit status 1, or the given one).
 */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(String message) {
        this(message, 1);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
