package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.SnsEnvelope;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.event.MegaObject;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every example and semantic rule (1 to 8) of the match-language specification. */
class MatchSemanticsTest {

    static final MatchFunction IS_VIP = MatchFunction.of("isVip", 1, args -> "987650".equals(args.get(0)));
    static final MatchFunction BROKEN = MatchFunction.of("broken", 1, args -> {
        throw new IllegalStateException("boom");
    });
    static final MatchCompiler COMPILER = MatchCompiler.create(FunctionRegistry.of(IS_VIP, BROKEN));

    static MatchInput mega() {
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("created_at", "2020-01-02T10:00:00Z");
        current.put("items", List.of(Map.of("price", 50, "tags", List.of("x")), Map.of("price", 150, "tags", List.of())));
        current.put("nothing", null);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("item_id", "61fcc874");
        attributes.put("quantity", 5);
        attributes.put("price", "19.99");
        attributes.put("attempts", 3);
        attributes.put("ratio", 0.1);
        attributes.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        attributes.put("tags", List.of("a", "b"));
        attributes.put("ip", "10.1.2.3");
        attributes.put("ip6", "2001:db8::1");
        attributes.put("flag", true);
        attributes.put("empty_text", "");
        attributes.put("clock", "2020-05-04T15:53:23Z");
        MegaEvent event = MegaEvent.builder()
                .name("item.added")
                .timestamp(Instant.parse("2020-05-04T15:53:23.123Z"))
                .domain("shopping_cart")
                .subject("987650")
                .attributes(attributes)
                .object(new MegaObject("shopping_cart", "18a3f92e", 2, current, null))
                .extra("channel", "web/desktop")
                .build();
        SnsEnvelope sns = new SnsEnvelope("Notification", "sns-1", "arn:aws:sns:us-east-1:000000000000:orders", "hello",
                Instant.parse("2020-05-22T03:03:07.982Z"), Map.of("tenant", new SnsEnvelope.Attribute("String", "acme")),
                null, null, null, null, null, null);
        return new MatchInput(new Payload.Mega(event), sns, "m-1", 2, Map.of("tenant", "acme", "priority", "7"));
    }

    static MatchInput data() {
        return MatchInput.of(new Payload.Data(Map.of("type", "user_notification",
                "user", Map.of("email", "john@example.com", "id", 987650))));
    }

    static MatchInput text(String text) {
        return MatchInput.of(new Payload.Text(text));
    }

    static MatchResult eval(String expression, MatchInput input) {
        return COMPILER.compile(expression).evaluate(input);
    }

    static void assertTrue(String expression, MatchInput input) {
        assertThat(eval(expression, input)).as(expression).isEqualTo(MatchResult.TRUE);
    }

    static void assertFalse(String expression, MatchInput input) {
        assertThat(eval(expression, input)).as(expression).isEqualTo(MatchResult.FALSE);
    }

    @Nested
    class SpecificationExamples {

        @Test
        void everyExampleOfTheSpecification() {
            MatchInput mega = mega();
            assertTrue("event.name == 'item.added'", mega);
            assertTrue("event.domain == 'shopping_cart' && event.name in ['item.added', 'item.removed']", mega);
            assertTrue("event.quantity > 0 && !empty(event.item_id)              // event.quantity reads event.attributes.quantity", mega);
            assertTrue("event.timestamp > datetime('2020-05-04T00:00:00Z')", mega);
            assertTrue("object.current.items[*].price > 100                      // any element", mega);
            assertTrue("startsWith(event.name, 'item.') || sns.topic_arn endsWith ':orders'", mega);
            assertTrue("message.attributes.tenant == 'acme' && isVip(event.subject)   // isVip: a registered function", mega);
            assertTrue("object.current.created_at >= date('2020-01-01') && object.version in [1, 2, 3]", mega);
            assertTrue("data.type == 'user_notification' && data.user.email not matches '.*@test\\\\.com'", data());
            assertFalse("data.type == 'user_notification' && data.user.email not matches '.*@example\\\\.com'", data());
            assertTrue("kind == 'text' && text contains 'urgent'", text("this is urgent"));
            assertFalse("kind == 'text' && text contains 'urgent'", text("relax"));
        }

        @Test
        void matchesIsWholeStringRe2() {
            MatchInput login = MatchInput.of(new Payload.Mega(MegaEvent.builder().name("user:login:failed")
                    .timestampNow().attribute("attempts", 3).build()));
            assertTrue("event.name matches 'user:login:.*' && event.attributes.attempts >= 3", login);
            assertFalse("event.name matches 'login'", login);
            assertTrue("event.name matches '.*login.*'", login);
        }
    }

    @Nested
    class Rule1MissingMatchesNothing {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "event.nope == 'x'", "event.nope != 'x'", "event.nope < 1", "event.nope >= 1", "event.nope in ['x']",
            "event.nope not in ['x']", "event.nope matches '.*'", "event.nope not matches 'x'",
            "event.nope contains 'x'", "event.nope startsWith 'x'", "event.nope endsWith ''", "event.nope != null",
            "data.type == 'x'", "text == 'x'", "sns.subject == 'hello'", "object.current.items[5].price > 0",
            "event.tags[*].x == 1", "lower(event.nope) == 'x'", "size(event.nope) >= 0", "event.nope"})
        void everyOperatorIsFalseOnMissing(String expression) {
            assertFalse(expression, expression.startsWith("sns") ? MatchInput.of(mega().payload()) : mega());
        }

        @Test
        void negationOfAFalseIsTrue() {
            assertTrue("!(event.nope == 'x')", mega());
            assertTrue("not (event.nope == 'x')", mega());
            assertTrue("!exists(event.nope)", mega());
        }

        @Test
        void nullEqualsMissingAndJsonNull() {
            assertTrue("event.nope == null", mega());
            assertTrue("object.current.nothing == null", mega());
            assertTrue("null == event.nope", mega());
            assertFalse("event.name == null", mega());
            assertTrue("event.name != null", mega());
            assertFalse("object.current.nothing != null", mega());
            assertFalse("event.nope != null", mega());
            assertTrue("exists(object.current.nothing)", mega());
        }
    }

    @Nested
    class Rule2NumbersByValue {

        @Test
        void integersAndDecimalsCompareExactly() {
            assertTrue("event.quantity == 5.0", mega());
            assertTrue("event.quantity == 5e0", mega());
            assertTrue("event.ratio == 0.1", mega());
            assertFalse("event.ratio == 0.10000000000000001", mega());
            assertTrue("event.big == 123456789012345678901234567890", mega());
            assertFalse("event.big == 123456789012345678901234567891", mega());
            assertTrue("event.big > 1e29", mega());
            assertTrue("event.quantity in [1, 5.00]", mega());
        }

        @Test
        void numericStringsAreCastAgainstNumbers() {
            assertTrue("event.price > 10", mega());
            assertTrue("event.price == 19.99", mega());
            assertFalse("event.price == '19.990'", mega());
            assertTrue("message.attributes.priority >= 7", mega());
            assertFalse("event.item_id > 10", mega());
            assertFalse("event.item_id == 10", mega());
            assertTrue("event.quantity == '5'", mega());
        }
    }

    @Nested
    class Rule3DateTimes {

        @Test
        void stringsAgainstDateTimesAreParsed() {
            assertTrue("object.current.created_at > datetime('2020-01-02T09:59:59Z')", mega());
            assertTrue("object.current.created_at == datetime('2020-01-02T11:00:00+01:00')", mega());
            assertTrue("event.timestamp == datetime('2020-05-04T15:53:23.123')", mega());
            assertTrue("event.timestamp > '2020-05-04T15:53:23Z'", mega());
            assertTrue("event.clock < event.timestamp", mega());
            assertFalse("event.item_id > datetime('2020-01-01T00:00:00Z')", mega());
            assertFalse("event.quantity > datetime('2020-01-01T00:00:00Z')", mega());
            assertTrue("sns.timestamp >= datetime('2020-05-22T03:03:07.982Z')", mega());
        }

        @Test
        void datesCompareCalendarDaysInUtc() {
            assertTrue("event.timestamp == date('2020-05-04')", mega());
            assertFalse("event.timestamp > date('2020-05-04')", mega());
            assertTrue("event.timestamp >= date('2020-05-04')", mega());
            assertTrue("event.timestamp <= date('2020-05-04')", mega());
            assertTrue("event.timestamp > date('2020-05-03')", mega());
            assertTrue("event.timestamp < date('2020-05-05')", mega());
            assertTrue("object.current.created_at == date('2020-01-02')", mega());
            assertTrue("event.timestamp in [date('2020-05-01'), date('2020-05-04')]", mega());
            assertTrue("date(event.clock) == date('2020-05-04')", mega());
        }
    }

    @Nested
    class Rule4And5StringsAndTypes {

        @Test
        void stringsCompareByCodePointWithoutCaseFolding() {
            assertTrue("event.name > 'item.a'", mega());
            assertTrue("event.name < 'item.b'", mega());
            assertFalse("event.name == 'ITEM.ADDED'", mega());
            assertTrue("lower(event.name) == 'item.added'", mega());
            assertTrue("upper(event.name) == 'ITEM.ADDED'", mega());
            // U+1F600 (a surrogate pair) is above U+FFFD by code point, below it by UTF-16 unit.
            MatchInput emoji = text("\uD83D\uDE00");
            assertTrue("text > '\uFFFD'", emoji);
        }

        @Test
        void typeMismatchesAreFalseNeverErrors() {
            assertFalse("event.name > 5", mega());
            assertFalse("event.flag > 0", mega());
            assertFalse("event.tags == 'a'", mega());
            assertFalse("event.flag == 'true'", mega());
            assertTrue("event.flag == true", mega());
            assertTrue("event.flag", mega());
            assertFalse("event.name", mega());
        }

        @Test
        void notEqualAndNotInMeanPresentAndNotEqual() {
            assertTrue("event.name != 'item.removed'", mega());
            assertFalse("event.name != 'item.added'", mega());
            assertTrue("event.name != 5", mega());
            assertTrue("event.name not in ['a', 'b']", mega());
            assertFalse("event.name not in ['item.added']", mega());
        }
    }

    @Nested
    class Rule6Arrays {

        @Test
        void wildcardsMatchWhenAnyElementDoes() {
            assertTrue("event.tags[*] == 'b'", mega());
            assertFalse("event.tags[*] == 'c'", mega());
            assertTrue("object.current.items[*].price < 100", mega());
            assertTrue("object.current.items[*].tags[*] == 'x'", mega());
            assertTrue("event.tags[0] == 'a'", mega());
            assertFalse("event.tags[1] == 'a'", mega());
            assertTrue("event.tags[*] in ['z', 'b']", mega());
            assertTrue("event.tags[*] != 'a'", mega());
            assertTrue("!(event.tags[*] == 'c')", mega());
        }

        @Test
        void sizeCountsListsMapsAndStrings() {
            assertTrue("size(event.tags) == 2", mega());
            assertTrue("size(object.current) == 3", mega());
            assertTrue("size(event.name) == 10", mega());
            assertTrue("size(text) == 1", text("\uD83D\uDE00"));
            assertTrue("event.tags contains 'a'", mega());
            assertTrue("contains(event.tags, 'b')", mega());
            assertFalse("event.tags contains 'c'", mega());
        }

        @Test
        void mapKeysWithOddCharacters() {
            MatchInput odd = MatchInput.of(new Payload.Data(Map.of("odd-key", Map.of("a b", 1))));
            assertTrue("data['odd-key']['a b'] == 1", odd);
            assertTrue("data[*][*] == 1", odd);
        }
    }

    @Nested
    class Rule7Functions {

        @Test
        void builtIns() {
            MatchInput mega = mega();
            assertTrue("exists(event.item_id)", mega);
            assertFalse("exists(event.nope)", mega);
            assertTrue("empty(event.nope) && empty(event.empty_text) && empty(object.current.nothing)", mega);
            assertFalse("empty(event.tags) || empty(event.name)", mega);
            assertTrue("startsWith(event.name, 'item.') && endsWith(event.name, '.added')", mega);
            assertTrue("event.name startsWith 'item.' && event.name endsWith 'added'", mega);
            assertTrue("event.name contains 'm.a'", mega);
            assertTrue("cidr(event.ip, '10.0.0.0/8')", mega);
            assertFalse("cidr(event.ip, '10.2.0.0/16')", mega);
            assertTrue("cidr(event.ip6, '2001:db8::/32')", mega);
            assertFalse("cidr(event.ip6, '10.0.0.0/8')", mega);
            assertFalse("cidr(event.name, '10.0.0.0/8')", mega);
        }

        @Test
        void userFunctionsAreCalledByName() {
            assertTrue("isVip(event.subject)", mega());
            assertFalse("isVip(event.name)", mega());
            assertTrue("!isVip(event.name)", mega());
        }

        @Test
        void aThrowingFunctionIsUndecided() {
            assertThat(eval("broken(event.name)", mega())).isEqualTo(MatchResult.UNDECIDED);
            assertThat(eval("!broken(event.name)", mega())).isEqualTo(MatchResult.UNDECIDED);
            assertThat(eval("event.name == 'item.added' && broken(event.name)", mega())).isEqualTo(MatchResult.UNDECIDED);
            assertThat(eval("event.name == 'other' && broken(event.name)", mega())).isEqualTo(MatchResult.FALSE);
            assertThat(eval("event.name == 'item.added' || broken(event.name)", mega())).isEqualTo(MatchResult.TRUE);
            assertThat(eval("broken(event.name) == 'x'", mega())).isEqualTo(MatchResult.UNDECIDED);
        }

        @Test
        void functionsMapOverWildcards() {
            assertTrue("upper(event.tags[*]) == 'B'", mega());
            assertTrue("size(object.current.items[*].tags) == 0", mega());
        }
    }

    @Nested
    class Rule8Kinds {

        @Test
        void compilingForAKindAddsAGuard() {
            Matcher forMega = COMPILER.compile("message.attributes.tenant == 'acme'", io.sqsmega.codec.PayloadKind.MEGA);
            assertThat(forMega.matches(mega())).isTrue();
            MatchInput dataWithTenant = new MatchInput(data().payload(), null, "m", 1, Map.of("tenant", "acme"));
            assertThat(forMega.matches(dataWithTenant)).isFalse();
        }

        @Test
        void noExpressionAcceptsEveryPayloadOfTheKind() {
            Matcher all = COMPILER.acceptAll(io.sqsmega.codec.PayloadKind.TEXT);
            assertThat(all.matches(text("anything"))).isTrue();
            assertThat(all.matches(mega())).isFalse();
        }

        @Test
        void possibleKindsFollowTheRoots() {
            assertThat(COMPILER.compile("event.name == 'a' || data.x == 1").possibleKinds())
                    .containsExactlyInAnyOrder(io.sqsmega.codec.PayloadKind.MEGA, io.sqsmega.codec.PayloadKind.DATA);
            assertThat(COMPILER.compile("kind in ['text', 'binary']").possibleKinds())
                    .containsExactlyInAnyOrder(io.sqsmega.codec.PayloadKind.TEXT, io.sqsmega.codec.PayloadKind.BINARY);
            assertThat(COMPILER.compile("!(data.x == 1)").possibleKinds()).hasSize(4);
            assertThat(COMPILER.compile("event.x == null").possibleKinds()).hasSize(4);
        }
    }

    @Nested
    class Roots {

        @Test
        void messageSnsExtraAndKind() {
            MatchInput mega = mega();
            assertTrue("message.id == 'm-1' && message.receive_count == 2", mega);
            assertTrue("sns.subject == 'hello' && sns.message_id == 'sns-1' && sns.attributes.tenant == 'acme'", mega);
            assertTrue("extra.channel == 'web/desktop' && kind == 'mega'", mega);
            assertTrue("object.type == 'shopping_cart' && object.id == '18a3f92e' && object.version == 2", mega);
            assertTrue("event.version == 1 && event.attributes.quantity == 5", mega);
            assertTrue("kind == 'binary'", MatchInput.of(new Payload.Binary(new byte[] {1})));
        }

        @Test
        void syntaxVariants() {
            MatchInput mega = mega();
            assertTrue("event.name == \"item.added\" and event.quantity > 0 or false", mega);
            assertTrue("(event.name == 'x' || event.name == 'item.added') && !(event.quantity < 0)", mega);
            assertTrue("event.name == 'item.added'\n  && event.quantity == 5 // comment\n", mega);
            assertTrue("true", mega);
            assertFalse("false", mega);
            assertTrue("event.item_id == '\\u0036\\u0031fcc874'", mega);
            assertTrue("text == 'it\\'s \\\\ \\\"q\\\"'", text("it's \\ \"q\""));
        }
    }

    @Test
    void evaluationNeverThrowsOnOddData() {
        Map<String, Object> odd = new LinkedHashMap<>();
        odd.put("n", Double.NaN);
        odd.put("inf", Double.POSITIVE_INFINITY);
        odd.put("list", Arrays.asList(null, 1, "x", List.of()));
        MatchInput input = MatchInput.of(new Payload.Data(odd));
        for (String expression : List.of("data.n == 1", "data.inf > 1", "data.list[*] > 0", "data.list[*] == null",
                "size(data.list[*]) > 0", "lower(data.list[*]) == 'x'", "data.list contains null", "data.n == data.inf")) {
            assertThat(eval(expression, input)).as(expression).isIn(MatchResult.TRUE, MatchResult.FALSE);
        }
        assertTrue("data.list[*] == null", input);
        assertTrue("data.list[*] in [null]", input);
        assertFalse("data.nope in [null]", input);
        assertTrue("data.list contains null", input);
    }
}
