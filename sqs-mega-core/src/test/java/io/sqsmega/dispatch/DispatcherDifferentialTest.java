package io.sqsmega.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.match.FunctionRegistry;
import io.sqsmega.match.MatchCompileException;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.MatchResult;
import io.sqsmega.match.Matcher;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random expressions and random payloads: the indexed dispatcher must return exactly what
 * evaluating every matcher in order returns (matched and undecided). Fixed seed; failures print it.
 */
public class DispatcherDifferentialTest {

    private static final long SEED = 20261124L;
    private static final String[] STRINGS = {"'a'", "'b'", "'item.added'", "'5'", "'5.0'", "'2.5'", "'true'",
        "'2020-01-01T00:00:00Z'", "'2020-01-01'", "''"};
    private static final String[] NUMBERS = {"1", "5", "5.0", "2.5", "-1", "1e1", "0"};
    private static final String[] SCALAR_PATHS = {"event.name", "event.quantity", "event.tier", "event.timestamp",
        "data.type", "data.n", "data.flag", "data.when", "text", "message.attributes.tenant", "sns.subject", "kind",
        "object.current.state"};
    private static final String[] LIST_PATHS = {"event.tags[*]", "data.items[*].id", "data.tags[*]"};

    private final Random random = new Random(SEED);
    private final MatchCompiler compiler = MatchCompiler.create(FunctionRegistry.of(
            MatchFunction.of("flaky", 1, args -> {
                if ("b".equals(args.get(0))) {
                    throw new IllegalStateException("flaky");
                }
                return args.get(0) != null;
            }),
            MatchFunction.of("boom", 1, args -> {
                throw new IllegalStateException("boom");
            })));

    @Test
    void indexedDispatchEqualsEvaluatingEverything() {
        int compared = 0;
        int nonEmpty = 0;
        for (int round = 0; round < 4; round++) {
            List<Subscription<Integer>> subscriptions = new ArrayList<>();
            while (subscriptions.size() < 1500) {
                String expression = randomExpression(0);
                PayloadKind kind = random.nextInt(3) == 0 ? PayloadKind.values()[random.nextInt(4)] : null;
                try {
                    Matcher matcher = compiler.compile(expression, kind);
                    subscriptions.add(new Subscription<>(matcher, subscriptions.size()));
                }
                catch (MatchCompileException ex) {
                    // Random text can be a literal comparison or never fit its kind: not a subscription.
                }
            }
            Dispatcher<Integer> dispatcher = Dispatcher.of(subscriptions);
            assertThat(dispatcher.indexedPaths()).isNotEmpty();
            for (int m = 0; m < 400; m++) {
                MatchInput input = randomInput();
                DispatchResult<Integer> indexed = dispatcher.dispatch(input);
                DispatchResult<Integer> naive = evaluateAll(subscriptions, input);
                assertThat(indexed).as("seed %d round %d message %d: %s", SEED, round, m, input).isEqualTo(naive);
                compared++;
                nonEmpty += indexed.isUnmatched() ? 0 : 1;
            }
        }
        assertThat(compared).isEqualTo(1600);
        // The comparison means something only if messages do match.
        assertThat(nonEmpty).isGreaterThan(compared / 2);
    }

    /** The reference the dispatcher must equal: every subscription evaluated, in order (also the fuzz test's). */
    public static DispatchResult<Integer> evaluateAll(List<Subscription<Integer>> subscriptions, MatchInput input) {
        List<Integer> matched = new ArrayList<>();
        List<Integer> undecided = new ArrayList<>();
        for (Subscription<Integer> subscription : subscriptions) {
            MatchResult result = subscription.matcher().evaluate(input);
            if (result == MatchResult.TRUE) {
                matched.add(subscription.target());
            }
            else if (result == MatchResult.UNDECIDED) {
                undecided.add(subscription.target());
            }
        }
        return new DispatchResult<>(matched, undecided);
    }

    private String randomExpression(int depth) {
        int choice = random.nextInt(depth > 2 ? 6 : 10);
        return switch (choice) {
            case 6 -> randomExpression(depth + 1) + " && " + randomExpression(depth + 1);
            case 7 -> randomExpression(depth + 1) + " && " + randomExpression(depth + 1) + " && "
                    + randomExpression(depth + 1);
            case 8 -> "(" + randomExpression(depth + 1) + " || " + randomExpression(depth + 1) + ")";
            case 9 -> "!(" + randomExpression(depth + 1) + ")";
            default -> randomCondition();
        };
    }

    private String randomCondition() {
        String path = random.nextInt(4) == 0 ? pick(LIST_PATHS) : pick(SCALAR_PATHS);
        return switch (random.nextInt(16)) {
            case 0, 1, 2, 3 -> path + " == " + randomLiteral();
            case 4 -> path + " in [" + randomLiteral() + ", " + randomLiteral() + "]";
            case 5 -> path + " != " + randomLiteral();
            case 6 -> path + " not in [" + randomLiteral() + "]";
            case 7 -> path + " " + pick(new String[] {"<", "<=", ">", ">="}) + " " + randomLiteral();
            case 8 -> randomLiteral() + " == " + path;
            case 9 -> "flaky(" + path + ")";
            case 10 -> path + (random.nextBoolean() ? " == null" : " != null");
            // exists() as a value: true or false for every kind, whatever the path's root.
            case 11 -> pick(new String[] {"exists(" + path + ") == false", "exists(" + path + ") != true",
                "!exists(" + path + ")", "exists(" + path + ") == true", "false == exists(" + path + ")",
                "exists(" + path + ") in [false]", "exists(lower(" + path + ")) == false"});
            // A user function that always throws (undecided) next to a path that may be missing.
            case 12 -> pick(new String[] {path + " contains boom('x')", "boom('x') == " + path,
                "contains(" + path + ", boom('x'))", "startsWith(boom(" + path + "), 'a')",
                "lower(" + path + ") == boom('x')", "!(" + path + " == boom('x'))"});
            case 13 -> "!(" + path + " == " + randomLiteral() + ")";
            case 14 -> pick(new String[] {"size(" + path + ") > 0", "lower(" + path + ") == 'a'",
                "empty(" + path + ") == false"});
            default -> pick(new String[] {"exists(" + path + ")", "empty(" + path + ")", path + " matches '[a-c].*'",
                path + " == datetime('2020-01-01T00:00:00Z')", path + " == date('2020-01-01')"});
        };
    }

    private String randomLiteral() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> pick(STRINGS);
            case 2, 3 -> pick(NUMBERS);
            default -> random.nextBoolean() ? "true" : "false";
        };
    }

    private MatchInput randomInput() {
        Payload payload = switch (random.nextInt(4)) {
            case 0, 1 -> {
                MegaEvent.Builder event = MegaEvent.builder().name(pick(new String[] {"a", "b", "item.added", "5"}))
                        .timestamp(random.nextBoolean() ? Instant.parse("2020-01-01T00:00:00Z")
                                : Instant.parse("2020-01-01T10:00:00Z"));
                putRandom(event::attribute, "quantity");
                putRandom(event::attribute, "tier");
                if (random.nextBoolean()) {
                    event.attribute("tags", randomList());
                }
                if (random.nextBoolean()) {
                    Map<String, Object> current = new LinkedHashMap<>();
                    putRandom(current::put, "state");
                    event.object("cart", "1", current);
                }
                yield new Payload.Mega(event.build());
            }
            case 2 -> {
                Map<String, Object> data = new LinkedHashMap<>();
                putRandom(data::put, "type");
                putRandom(data::put, "n");
                putRandom(data::put, "flag");
                if (random.nextBoolean()) {
                    data.put("when", random.nextBoolean() ? Instant.parse("2020-01-01T00:00:00Z") : "2020-01-01");
                }
                if (random.nextBoolean()) {
                    data.put("tags", randomList());
                }
                if (random.nextBoolean()) {
                    Map<String, Object> first = new LinkedHashMap<>();
                    first.put("id", randomScalar());
                    Map<String, Object> second = new LinkedHashMap<>();
                    second.put("id", randomScalar());
                    data.put("items", List.of(first, second));
                }
                yield new Payload.Data(data);
            }
            default -> random.nextBoolean() ? new Payload.Text(pick(new String[] {"a", "b", "5", "c", ""}))
                    : new Payload.Binary(new byte[] {1});
        };
        Map<String, String> attributes = random.nextBoolean() ? Map.of("tenant", pick(new String[] {"a", "b", "5"}))
                : Map.of();
        return new MatchInput(payload, null, "m", 1, attributes);
    }

    private interface Putter {
        Object put(String key, Object value);
    }

    private void putRandom(Putter putter, String key) {
        if (random.nextInt(4) > 0) {
            putter.put(key, randomScalar());
        }
    }

    private Object randomScalar() {
        return switch (random.nextInt(9)) {
            case 0 -> "a";
            case 1 -> "b";
            case 2 -> "5";
            case 3 -> 5;
            case 4 -> 5.0;
            case 5 -> new BigDecimal("2.50");
            case 6 -> random.nextBoolean();
            case 7 -> "2020-01-01T00:00:00Z";
            default -> null;
        };
    }

    private List<Object> randomList() {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            list.add(randomScalar());
        }
        return Arrays.asList(list.toArray());
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
