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
        spec.commandLine().getOut().println(MegaJson.mapper().writeValueAsString(DecodeReport.of(result)));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
