package io.sqsmega.match;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.SnsEnvelope;
import io.sqsmega.event.EventSection;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.event.MegaObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a compiled {@link Expr.Path} from a {@link MatchInput}: the root and its first key are
 * resolved by one specialised function (so {@code event.name} is a field read), the remaining
 * segments step through maps and lists. Yields {@link Values#MISSING} for absent paths and
 * {@link Values.Many} through {@code [*]}.
 */
final class PathAccessor {

    private final Function<MatchInput, Object> head;
    private final Expr.Segment[] tail;

    private PathAccessor(Function<MatchInput, Object> head, List<Expr.Segment> tail) {
        this.head = head;
        this.tail = tail.toArray(new Expr.Segment[0]);
    }

    static PathAccessor of(Expr.Path path) {
        List<Expr.Segment> segments = path.segments();
        if (!segments.isEmpty() && segments.get(0) instanceof Expr.Segment.Key key) {
            Function<MatchInput, Object> head = rootWithKey(path.root(), key.name());
            if (head != null) {
                return new PathAccessor(head, segments.subList(1, segments.size()));
            }
        }
        Function<MatchInput, Object> root = root(path.root());
        return new PathAccessor(root, segments);
    }

    Object read(MatchInput input) {
        Object value = head.apply(input);
        for (Expr.Segment segment : tail) {
            if (value == Values.MISSING) {
                return value;
            }
            value = step(value, segment);
        }
        return value;
    }

    private static Object step(Object value, Expr.Segment segment) {
        if (value instanceof Values.Many many) {
            List<Object> results = new ArrayList<>();
            for (Object element : many.values()) {
                Object next = step(element, segment);
                if (next instanceof Values.Many nested) {
                    results.addAll(nested.values());
                }
                else if (next != Values.MISSING) {
                    results.add(next);
                }
            }
            return results.isEmpty() ? Values.MISSING : new Values.Many(results);
        }
        if (segment instanceof Expr.Segment.Key key) {
            return value instanceof Map<?, ?> map ? get(map, key.name()) : Values.MISSING;
        }
        if (segment instanceof Expr.Segment.Index index) {
            return value instanceof List<?> list && index.index() < list.size() ? list.get(index.index())
                    : Values.MISSING;
        }
        List<Object> elements;
        if (value instanceof List<?> list) {
            elements = new ArrayList<>(list);
        }
        else if (value instanceof Map<?, ?> map) {
            elements = new ArrayList<>(map.values());
        }
        else {
            return Values.MISSING;
        }
        return elements.isEmpty() ? Values.MISSING : new Values.Many(elements);
    }

    private static Object get(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value != null || map.containsKey(key) ? value : Values.MISSING;
    }

    /** Root plus first key, specialised; {@code null} when the generic path is as good. */
    private static Function<MatchInput, Object> rootWithKey(String root, String key) {
        switch (root) {
            case "event":
                return eventField(key);
            case "object":
                return objectField(key);
            case "message":
                return switch (key) {
                    case "id" -> in -> in.messageId() == null ? Values.MISSING : in.messageId();
                    case "receive_count" -> MatchInput::receiveCount;
                    case "attributes" -> MatchInput::messageAttributes;
                    default -> in -> Values.MISSING;
                };
            case "sns":
                return snsField(key);
            default:
                return null;
        }
    }

    private static Function<MatchInput, Object> eventField(String key) {
        Function<EventSection, Object> field = switch (key) {
            case "name" -> EventSection::name;
            case "timestamp" -> EventSection::timestamp;
            case "version" -> EventSection::version;
            case "domain" -> e -> orMissing(e.domain());
            case "subject" -> e -> orMissing(e.subject());
            case "publisher" -> e -> orMissing(e.publisher());
            case "attributes" -> EventSection::attributes;
            // The protocol: any other event key is an attribute.
            default -> e -> get(e.attributes(), key);
        };
        return in -> in.payload() instanceof Payload.Mega mega ? field.apply(mega.event().event()) : Values.MISSING;
    }

    private static Function<MatchInput, Object> objectField(String key) {
        Function<MegaObject, Object> field = switch (key) {
            case "type" -> o -> orMissing(o.type());
            case "id" -> o -> orMissing(o.id());
            case "version" -> MegaObject::version;
            case "current" -> MegaObject::current;
            case "previous" -> o -> orMissing(o.previous());
            default -> o -> Values.MISSING;
        };
        return in -> in.payload() instanceof Payload.Mega mega && mega.event().object().isPresent()
                ? field.apply(mega.event().object().get()) : Values.MISSING;
    }

    private static Function<MatchInput, Object> snsField(String key) {
        Function<SnsEnvelope, Object> field = switch (key) {
            case "topic_arn" -> SnsEnvelope::topicArn;
            case "subject" -> s -> orMissing(s.subject());
            case "message_id" -> SnsEnvelope::messageId;
            case "timestamp" -> SnsEnvelope::timestamp;
            case "type" -> SnsEnvelope::type;
            case "attributes" -> PathAccessor::snsAttributes;
            default -> s -> Values.MISSING;
        };
        return in -> in.sns() == null ? Values.MISSING : field.apply(in.sns());
    }

    private static Object snsAttributes(SnsEnvelope envelope) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        envelope.messageAttributes().forEach((name, attribute) -> attributes.put(name, attribute.value()));
        return attributes;
    }

    private static Function<MatchInput, Object> root(String root) {
        return switch (root) {
            case "event" -> in -> in.payload() instanceof Payload.Mega mega ? eventView(mega.event()) : Values.MISSING;
            case "object" -> in -> in.payload() instanceof Payload.Mega mega && mega.event().object().isPresent()
                    ? objectView(mega.event().object().get()) : Values.MISSING;
            case "extra" -> in -> in.payload() instanceof Payload.Mega mega ? mega.event().extra() : Values.MISSING;
            case "data" -> in -> in.payload() instanceof Payload.Data data ? data.data() : Values.MISSING;
            case "text" -> in -> in.payload() instanceof Payload.Text text ? text.text() : Values.MISSING;
            case "kind" -> in -> in.kind().label();
            case "message" -> PathAccessor::messageView;
            case "sns" -> in -> in.sns() == null ? Values.MISSING : snsView(in.sns());
            default -> throw new IllegalArgumentException("unknown root " + root);
        };
    }

    private static Map<String, Object> eventView(MegaEvent event) {
        EventSection section = event.event();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", section.name());
        view.put("timestamp", section.timestamp());
        view.put("version", section.version());
        putPresent(view, "domain", section.domain());
        putPresent(view, "subject", section.subject());
        putPresent(view, "publisher", section.publisher());
        view.put("attributes", section.attributes());
        return view;
    }

    private static Map<String, Object> objectView(MegaObject object) {
        Map<String, Object> view = new LinkedHashMap<>();
        putPresent(view, "type", object.type());
        putPresent(view, "id", object.id());
        view.put("version", object.version());
        view.put("current", object.current());
        putPresent(view, "previous", object.previous());
        return view;
    }

    private static Map<String, Object> messageView(MatchInput input) {
        Map<String, Object> view = new LinkedHashMap<>();
        putPresent(view, "id", input.messageId());
        view.put("receive_count", input.receiveCount());
        view.put("attributes", input.messageAttributes());
        return view;
    }

    private static Map<String, Object> snsView(SnsEnvelope envelope) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", envelope.type());
        view.put("message_id", envelope.messageId());
        view.put("topic_arn", envelope.topicArn());
        putPresent(view, "subject", envelope.subject());
        view.put("timestamp", envelope.timestamp());
        view.put("attributes", snsAttributes(envelope));
        return view;
    }

    private static void putPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Object orMissing(Object value) {
        return value == null ? Values.MISSING : value;
    }
}
