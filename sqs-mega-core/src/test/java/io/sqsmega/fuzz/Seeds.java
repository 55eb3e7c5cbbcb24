package io.sqsmega.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The committed seed corpus of the fuzz tests: {@code *-seeds.json} next to them, one object per
 * input with a {@code name} saying where it comes from (the findings of issue 12 among them). A
 * text field is a string or a list of parts, where a part {@code {"repeat": "7", "times": 1040000}}
 * spells a long input in a few bytes.
 */
final class Seeds {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Seeds() {
    }

    /**
     * @param file the seed file, next to this class
     * @param fields the fields of each seed, in the order of the fuzz test's parameters
     * @return one argument set per seed, named by the seed's name
     */
    static Stream<Arguments> load(String file, String... fields) {
        JsonNode seeds;
        try (InputStream in = Seeds.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no seed file " + file + " next to " + Seeds.class.getName());
            }
            seeds = JSON.readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        List<Arguments> arguments = new ArrayList<>();
        for (JsonNode seed : seeds) {
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                JsonNode field = seed.get(fields[i]);
                if (field == null) {
                    throw new IllegalStateException(file + ": seed '" + seed.path("name").asText() + "' has no "
                            + fields[i]);
                }
                values[i] = field.isArray() && !fields[i].equals("expressions") ? text(field) : value(field);
            }
            arguments.add(Arguments.argumentSet(seed.path("name").asText(), values));
        }
        return arguments.stream();
    }

    private static Object value(JsonNode field) {
        if (field.isArray()) {
            List<String> list = new ArrayList<>();
            field.forEach(element -> list.add(text(element)));
            return list;
        }
        return text(field);
    }

    private static String text(JsonNode field) {
        if (field.isTextual()) {
            return field.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : field) {
            text.append(part.isTextual() ? part.asText() : part.get("repeat").asText().repeat(part.get("times").asInt()));
        }
        return text.toString();
    }
}
