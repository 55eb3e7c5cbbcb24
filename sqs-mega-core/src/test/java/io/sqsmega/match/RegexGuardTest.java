package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.codec.PayloadKind;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regular expressions that would hurt the application compiling them are refused with a message
 * (issue 12): deep nesting (a stack overflow), exploding programs (time), and case-insensitive
 * letters RE2J cannot fold (a compile that never ends).
 */
class RegexGuardTest {

    private final MatchCompiler compiler = MatchCompiler.create();

    private MatchCompileException refused(String regex) {
        String expression = "text matches '" + regex.replace("\\", "\\\\").replace("'", "\\'") + "'";
        try {
            compiler.compile(expression, PayloadKind.TEXT);
        }
        catch (MatchCompileException ex) {
            return ex;
        }
        throw new AssertionError("compiled: " + expression);
    }

    @Test
    void tenThousandNestedGroupsAreACompileErrorNotAStackOverflow() {
        MatchCompileException ex = refused("(".repeat(10_000) + "a" + ")".repeat(10_000));
        assertThat(ex.problem()).contains("refused: it nests groups 101 deep, more than the 100 allowed");
    }

    @Test
    void aProgramThatExplodesFromAShortPatternIsRefused() {
        assertThat(refused("((a{100}){100}){100}").problem()).contains("compiles to about 1010100 instructions")
                .contains("more than the 20000 allowed");
        assertThat(refused("(((((a{1000}){1000}){1000}){1000}){1000}){1000}").problem())
                .contains("compiles to over a billion instructions");
    }

    @Test
    void caseInsensitiveLettersRe2jCannotFoldAreRefusedInsteadOfHangingTheCompiler() {
        for (String regex : List.of("(?i)\u1C80", "(?i)[\\x{400}-\\x{2000}]", "(?i:x\\x{1C88})", "[\u1C84](?i)",
                // Escapes RE2J reads as runes: an escaped non-ASCII letter (found by MatchCompilerFuzzTest),
                // octal, C escapes, an escaped U+1C80 itself.
                "(?i)[}-\\\uC2C4]", "(?i)[\\0-\\x{2000}]", "(?i)[\\01-\\x{1C80}]", "(?i)[\\t-\\x{2000}]",
                "(?i)\\\u1C80", "(?i)[\\x00-\\\uFFFF]",
                // A '[:' with no ':]' after it is a plain '[' in a class, not the start of a named class.
                "(?i)[[:a-\\x{2000}]", "(?i)[[:\u1C80]",
                // Hex escapes take any number of digits, leading zeros included.
                "(?i)[\\x{400}-\\x{0000000000000000002000}]",
                "(?i)[a\\x{1C80}-\\x{1C82}]", "(?is)\\Q\u1C81\\E")) {
            assertThat(refused(regex).problem()).as(regex).contains("covers U+1C80 to U+1C88");
        }
        for (String ok : List.of("\u1C80", "(?i)\u0432", "(?i)[\\x{400}-\\x{1C7F}]", "(?i)[\\x{1C89}-\\x{2000}]",
                "(?-i)\u1C80", "(?i)\\p{L}+")) {
            compiler.compile("text matches '" + ok.replace("\\", "\\\\") + "'", PayloadKind.TEXT);
        }
    }

    @Test
    void everydayPatternsCompile() {
        for (String regex : List.of("[a-z0-9._%+-]+@example\\.com", "(a|b){1,5}c?", ".{0,200}", "\\d{3}-\\d{4}",
                "(?P<year>\\d{4})-(?P<month>\\d{2})", "[[:alpha:]]+", "x{2,}", "a{,3}", "(?i)order-\\d+")) {
            assertThat(RegexGuard.problem(regex)).as(regex).isNull();
        }
    }

    @Test
    void theGuardCoversEveryLetterRe2jCannotFoldOnThisJdk() throws Exception {
        // RE2J's folding must come back to where it started; on this JDK's case mappings it does not for these.
        Method fold = Class.forName("com.google.re2j.Unicode").getDeclaredMethod("simpleFold", int.class);
        fold.setAccessible(true);
        List<Integer> unfoldable = new ArrayList<>();
        for (int rune = 0; rune <= Character.MAX_CODE_POINT; rune++) {
            int folded = rune;
            for (int step = 0; step < 20; step++) {
                folded = (int) fold.invoke(null, folded);
                if (folded == rune) {
                    break;
                }
                if (step == 19) {
                    unfoldable.add(rune);
                }
            }
        }
        assertThat(unfoldable).isNotEmpty().allSatisfy(rune -> assertThat(rune)
                .isBetween(RegexGuard.UNFOLDABLE_FIRST, RegexGuard.UNFOLDABLE_LAST));
    }

    @Test
    void theMessageIsShortWhateverThePatternsLength() {
        assertThatThrownBy(() -> compiler.compile("text matches '" + "(".repeat(100_000) + "'", PayloadKind.TEXT))
                .isInstanceOf(MatchCompileException.class)
                .satisfies(ex -> assertThat(((MatchCompileException) ex).problem()).hasSizeLessThan(200));
    }
}
