package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The firewall's header checks answer exactly as Spring Security's own, without their regular expression. A text that
 * is not printable ASCII is handed to the default predicate by design, so for those the comparison checks the
 * routing: nothing the loop allows may be refused by the default, and nothing else may skip it.
 */
class FirewallHeadersTests {

    /** Characters on both sides of every boundary: controls, tab, DEL, Latin-1, unassigned, surrogates, emoji. */
    private static final String ALPHABET = "aZ09 ~-.=/\t\n\r\u0000\u001f\u007f\u0080\u009f\u00a0äé\u0378\u2028"
            + "\ud83d\ude00\ud83d\ufffd\uffff";

    @Test
    void everyHeaderNameAndValueIsJudgedAsTheDefaultFirewallJudgesIt() {
        List<String> texts = new ArrayList<>(List.of("", "Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig",
                "a\tb", "\t", "a\nb", "x\u007f", "caf\u00e9", "\u0378", "smile \ud83d\ude00", "half \ud83d",
                "~".repeat(700)));
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            assertThat(FirewallHeaders.NAMES.test(text)).as("name %s", escaped(text))
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
            assertThat(FirewallHeaders.VALUES.test(text)).as("value %s", escaped(text))
                    .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
        }
    }

    @Test
    void controlCharactersAreRefusedAndTabIsAllowedInAValueOnly() {
        Predicate<String> names = FirewallHeaders.NAMES;
        Predicate<String> values = FirewallHeaders.VALUES;
        assertThat(values.test("Bearer abc.def")).isTrue();
        assertThat(values.test("a\tb")).isTrue();
        assertThat(names.test("a\tb")).isFalse();
        assertThat(values.test("a\nb")).isFalse();
        assertThat(values.test("a\u0000b")).isFalse();
        assertThat(values.test("caf\u00e9")).isTrue(); // not ASCII: the default predicate's answer
        assertThat(values.test("\u0378")).isFalse();
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> out.append(c >= ' ' && c <= '~' ? String.valueOf((char) c) : "\\u%04x".formatted(c)));
        return out.toString();
    }
}
