package io.sqsmega.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeReport;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.json.MegaJson;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code decode [--attribute NAME=VALUE]... < body}: decodes one message body from standard input
 * (UTF-8, byte for byte as SQS delivers it) and prints one JSON line
 * {@code {"kind":..., "value":..., "sns":..., "reason":...}}.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes one message body from standard input into one JSON line.",
            "Output: {\"kind\": mega|data|text|binary|invalid|sns-confirmation, \"value\": ..., "
                + "\"sns\": {...}|null, \"reason\": ...|null}",
            "Exit status 0 whenever a result is printed (also for invalid bodies), 2 for usage errors."})
final class DecodeCommand implements Callable<Integer> {

    private final InputStream in;

    @Spec
    private CommandSpec spec;

    @Option(names = "--attribute", paramLabel = "NAME=VALUE",
            description = "An SQS message attribute, e.g. mega-payload=text (repeatable).")
    private Map<String, String> attributes = new LinkedHashMap<>();

    DecodeCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        DecodeResult result = BodyDecoder.create().decode(StandardIn.readBody(in), attributes);
        spec.commandLine().getOut().println(escapeLoneSurrogates(MegaJson.mapper().writeValueAsString(
                DecodeReport.of(result))));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * JSON text with every lone surrogate written as its {@code \\uXXXX} escape. A body may hold one
     * (as the escape {@code "\\ud800"}); the JSON writer puts the char itself in the text, which
     * UTF-8 cannot encode, so it would reach the terminal as {@code ?}. Outside string literals
     * JSON text is ASCII, so every surrogate is inside a string, where the escape means the same.
     */
    static String escapeLoneSurrogates(String json) {
        StringBuilder escaped = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < json.length()
                    && Character.isLowSurrogate(json.charAt(i + 1));
            if (paired) {
                if (escaped != null) {
                    escaped.append(c).append(json.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                escaped.append(String.format("\\u%04X", (int) c));
            }
            else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? json : escaped.toString();
    }
}
