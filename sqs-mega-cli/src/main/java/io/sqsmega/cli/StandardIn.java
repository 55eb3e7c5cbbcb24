package io.sqsmega.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a message body from standard input: UTF-8, byte for byte, nothing trimmed. */
final class StandardIn {

    private StandardIn() {
    }

    static String readBody(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the message body from standard input", ex);
        }
    }
}
