package io.sqsmega.cli;

import picocli.CommandLine.Option;

/** {@code --output table|json}: what a person reads or what a script parses. */
final class OutputOptions {

    /** The two forms of output. */
    enum Format { table, json }

    @Option(names = "--output", paramLabel = "table|json", defaultValue = "table",
            description = "table (for people, the default) or json (one JSON object per line, for scripts).")
    Format format = Format.table;

    boolean json() {
        return format == Format.json;
    }
}
