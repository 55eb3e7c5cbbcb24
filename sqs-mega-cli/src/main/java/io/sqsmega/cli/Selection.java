package io.sqsmega.cli;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.match.MatchBudgetExceededException;
import io.sqsmega.match.MatchCompileException;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.MatchResult;
import io.sqsmega.match.Matcher;
import io.sqsmega.offload.S3Pointer;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code --match EXPRESSION} on messages read from a queue: the body decoded as a listener
 * container decodes it, then the expression evaluated as a listener's would be. A body offloaded
 * to S3 is matched as it is in S3, when the command reads those ({@code --fetch-payload}); otherwise
 * such a message is never selected, and the reason says so (the pointer is not what listeners match).
 */
final class Selection {

    private static final BodyDecoder DECODER = BodyDecoder.create();

    private final Matcher matcher;
    private final Function<Message, String> offloadedBodies;

    private Selection(Matcher matcher, Function<Message, String> offloadedBodies) {
        this.matcher = matcher;
        this.offloadedBodies = offloadedBodies;
    }

    /**
     * @param expression the expression, or {@code null} for every message
     * @throws CliException (exit status 2) with the compile error
     */
    static Selection of(String expression) {
        if (expression == null) {
            return new Selection(null, message -> null);
        }
        try {
            return new Selection(MatchCompiler.create().compile(expression), message -> null);
        }
        catch (MatchCompileException ex) {
            throw new CliException("--match: " + ex.getMessage(), 2);
        }
    }

    /**
     * @param bodies the S3 body of an offloaded message, or {@code null} when it is not read
     * @return the same selection, matching offloaded messages on their bodies
     */
    Selection withOffloadedBodies(Function<Message, String> bodies) {
        return new Selection(matcher, bodies);
    }

    boolean everything() {
        return matcher == null;
    }

    /** @return {@code null} when the message is selected, otherwise why not */
    String whyNot(Message message) {
        if (matcher == null) {
            return null;
        }
        Map<String, String> attributes = MessageJson.text(message.messageAttributes());
        String body = message.body();
        if (MessageJson.offloaded(message) != null) {
            body = offloadedBodies.apply(message);
            if (body == null) {
                return "its body is offloaded to S3 and was not read (--fetch-payload reads it), never matched";
            }
            attributes.keySet().removeIf(S3Pointer::isMarker);
        }
        DecodeResult result = DECODER.decode(body, attributes);
        if (!(result instanceof DecodeResult.Decoded decoded)) {
            return result instanceof DecodeResult.Invalid invalid ? "invalid body (" + invalid.reason()
                    + "), never matched" : "an SNS subscription confirmation, never matched";
        }
        try {
            MatchResult outcome = matcher.evaluate(MatchInput.of(decoded, message.messageId(),
                    MessageJson.receiveCount(message), attributes));
            return outcome == MatchResult.TRUE ? null : "--match is " + outcome.name().toLowerCase(java.util.Locale.ROOT);
        }
        catch (MatchBudgetExceededException ex) {
            return "over the match budget: " + ex.reason();
        }
    }
}
