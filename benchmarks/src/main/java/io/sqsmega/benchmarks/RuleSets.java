package io.sqsmega.benchmarks;

import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Equivalent subscriptions in the match language and in AWS Event Ruler's JSON patterns, and the
 * ~1 KB JSON MEGA events both are fed.
 */
public final class RuleSets {

    /** The two shapes of subscription the benchmark compares. */
    public enum Shape {
        /** {@code event.name == 'name-i' && event.attributes.quantity > k_i} */
        EQUALS_AND_NUMERIC,
        /** {@code event.name in ['name-i', 'alt-i'] && quantity in [lo_i, hi_i) && event.domain startsWith 'shop'} */
        IN_RANGE_PREFIX
    }

    /** One subscription in both languages. */
    public record Rule(String id, String expression, String eventRulerPattern) {
    }

    private RuleSets() {
    }

    public static List<Rule> rules(Shape shape, int count) {
        List<Rule> rules = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int k = i % 10;
            if (shape == Shape.EQUALS_AND_NUMERIC) {
                rules.add(new Rule("rule-" + i,
                        "event.name == 'name-" + i + "' && event.attributes.quantity > " + k,
                        "{\"event\":{\"name\":[\"name-" + i + "\"],\"attributes\":{\"quantity\":[{\"numeric\":[\">\","
                                + k + "]}]}}}"));
            }
            else {
                int lo = k;
                int hi = k + 5;
                rules.add(new Rule("rule-" + i,
                        "event.name in ['name-" + i + "', 'alt-" + i + "'] && event.attributes.quantity >= " + lo
                                + " && event.attributes.quantity < " + hi + " && event.domain startsWith 'shop'",
                        "{\"event\":{\"name\":[\"name-" + i + "\",\"alt-" + i + "\"],\"attributes\":{\"quantity\":"
                                + "[{\"numeric\":[\">=\"," + lo + ",\"<\"," + hi + "]}]},\"domain\":[{\"prefix\":\"shop\"}]}}"));
            }
        }
        return rules;
    }

    /**
     * JSON bodies of ~1 KB MEGA events named after random subscriptions, with random quantities,
     * so that most events match one subscription and some match none.
     */
    public static String[] events(int subscriptions, int count, long seed) {
        Random random = new Random(seed);
        PayloadEncoder encoder = PayloadEncoder.create();
        String[] bodies = new String[count];
        for (int i = 0; i < count; i++) {
            String name = (random.nextInt(4) == 0 ? "alt-" : "name-") + random.nextInt(subscriptions);
            bodies[i] = encoder.encode(SampleEvents.cartEvent(name, random.nextInt(15)), Encoding.JSON).body();
        }
        return bodies;
    }
}
