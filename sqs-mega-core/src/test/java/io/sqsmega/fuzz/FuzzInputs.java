package io.sqsmega.fuzz;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.match.FunctionRegistry;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.match.MatchInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the match fuzz tests share: a compiler with two user functions, and messages to evaluate on. */
final class FuzzInputs {

    /** {@code boom} always throws (undecided); {@code echo} returns its first argument. */
    static final MatchCompiler COMPILER = MatchCompiler.create(FunctionRegistry.of(
            MatchFunction.of("boom", MatchFunction.VARIABLE_ARITY, args -> {
                throw new IllegalStateException("boom");
            }),
            MatchFunction.of("echo", MatchFunction.VARIABLE_ARITY, args -> args.isEmpty() ? null : args.get(0))));

    private static final BodyDecoder DECODER = BodyDecoder.create();

    private static final List<String> BODIES = List.of(
            "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"item.added\",\"timestamp\":\"2020-01-01T00:00:00Z\","
                    + "\"quantity\":5,\"tags\":[\"a\",\"b\"]},\"object\":{\"type\":\"cart\",\"id\":\"1\",\"current\":"
                    + "{\"state\":\"open\"}}}",
            "{\"x\":1,\"n\":\"5\",\"ip\":\"10.1.2.3\",\"tags\":[\"a\",1,null,{\"id\":2}],\"when\":\"2020-01-01\"}",
            "hello", "dGVzdA==");

    private FuzzInputs() {
    }

    /** @return one decoded message of every kind, with an attribute */
    static List<MatchInput> messages() {
        List<MatchInput> inputs = new ArrayList<>();
        for (String body : BODIES) {
            inputs.add(message(body, ""));
        }
        return inputs;
    }

    /**
     * @param body a body
     * @param attribute the {@code mega-payload} attribute, or empty
     * @return the decoded message, or {@code null} when the body is invalid or an SNS confirmation
     */
    static MatchInput message(String body, String attribute) {
        Map<String, String> attributes = attribute.isEmpty() ? Map.of("tenant", "acme")
                : Map.of("tenant", "acme", "mega-payload", attribute);
        return DECODER.decode(body, attributes) instanceof DecodeResult.Decoded decoded
                ? MatchInput.of(decoded, "m-1", 1, attributes) : null;
    }
}
