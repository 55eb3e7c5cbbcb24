package io.sqsmega.cli;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.match.MatchBudgetExceededException;
import io.sqsmega.match.MatchCompileException;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.MatchResult;
import io.sqsmega.match.Matcher;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code --match EXPRESSION} on messages read from a queue: the body decoded as a listener
 * container decodes it, then the expression evaluated as a listener's would be.
 */
final class Selection {

    private static final BodyDecoder DECODER = BodyDecoder.create();

    private final Matcher matcher;

    private Selection(Matcher matcher) {
        this.matcher = matcher;
    }

    /**
     * @param expression the expression, or {@code null} for every message
     * @throws CliException (exit status 2) with the compile error
     */
    static Selection of(String expression) {
        if (expression == null) {
            return new Selection(null);
        }
        try {
            return new Selection(MatchCompiler.create().compile(expression));
        }
        catch (MatchCompileException ex) {
            throw new CliException("--match: " + ex.getMessage(), 2);
        }
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
        DecodeResult result = DECODER.decode(message.body(), attributes);
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
