package io.kindly.lint;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How phrases match: through disguise, but only whole words, and never in a comment to other authors. */
class PhraseRulesTest {
    static PhraseRules shipped;

    @BeforeAll
    static void load() {
        List<Finding> problems = new ArrayList<>();
        shipped = PhraseRules.load(LintSettings.DEFAULT_LISTS.stream().map(Path::of).toList(), problems);
        assertThat(problems).isEmpty();
    }

    static List<String> rules(String text) {
        return shipped.scan("t.ftl", text).stream().map(f -> f.severity().name() + " " + f.rule()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "You may be arrested.|ERROR prohibited/threat-arrest",
        "A R R E S T|ERROR prohibited/threat-arrest",
        "a_r_r_e_s_t|ERROR prohibited/threat-arrest",
        "ａｒｒｅｓｔ|ERROR prohibited/threat-arrest",
        "J\u200bA\u200bI\u200bL|ERROR prohibited/threat-arrest",
        "we will CONTACT YOUR BOSS|ERROR prohibited/third-party-disclosure",
        "we will contact\tyour employer|ERROR prohibited/third-party-disclosure",
        "you'll regret it|ERROR prohibited/abuse",
        "you will regret it|ERROR prohibited/abuse",
        "a collection fee applies|ERROR prohibited/invented-fees",
        "a late fee applies|WARNING prohibited/fees-review",
        "act now|WARNING prohibited/false-urgency",
        "逾期将被逮捕|ERROR prohibited/threat-arrest",
        "逮  捕|ERROR prohibited/threat-arrest",
        "逮、捕|ERROR prohibited/threat-arrest",
        "通知您的紧急联系人|ERROR prohibited/third-party-disclosure",
        "告知家人|ERROR prohibited/third-party-disclosure",
        "將通知您的主管|ERROR prohibited/third-party-disclosure",
    })
    void disguisedPhrasesAreFound(String text, String expected) {
        assertThat(rules(text)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "Thank you for your payment.",
        "our bailiwick", // not a bailiff
        "familiarity", // contains liar
        "Ask us about a repayment plan.",
        "如已还款，谢谢，请忽略。",
        "如有困难，我们可以协助安排还款计划",
    })
    void ordinaryWordsAreNotFlagged(String text) {
        assertThat(rules(text)).isEmpty();
    }

    @Test
    void aCommentToOtherAuthorsIsNotAMessage() {
        assertThat(rules("<#-- never threaten arrest or jail -->\nThank you.")).isEmpty();
    }

    @Test
    void wordsOfALongerPhraseAreReportedOnce() {
        // 律师函 is impersonation; the 律师 inside it is not also reported as a mention of a lawyer
        assertThat(rules("律师函已发出")).containsExactly("ERROR prohibited/impersonate-authority");
        assertThat(rules("我们的律师会联系您")).containsExactly("WARNING prohibited/legal-professional");
    }

    @Test
    void aFindingNamesTheLineTheMatchedWordsAndTheLegalGrounds() {
        List<Finding> found = shipped.scan("templates/x/sms_en.ftl", "Hello.\nThe P.O.L.I.C.E\nwill call.");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.message()).contains("'P.O.L.I.C.E\nwill'", "(police|sheriff) will", "1692e");
            assertThat(f.toString()).startsWith("templates/x/sms_en.ftl:2: error [prohibited/threat-arrest]");
        });
    }

    @Test
    void aLenderExtendsTheListsAndABrokenListIsReported(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("ours.txt");
        Files.writeString(list, """
                orphan phrase
                ## our-words | block | our compliance policy 4.2
                (final|last) reminder
                ## bad header
                something
                """);
        List<Finding> problems = new ArrayList<>();
        PhraseRules ours = PhraseRules.load(List.of(list), problems);

        assertThat(ours.scan("t", "This is your LAST  reminder")).singleElement()
                .satisfies(f -> assertThat(f.rule()).isEqualTo("prohibited/our-words"));
        assertThat(problems).extracting(Finding::line).containsExactly(1, 4, 5);
        assertThat(problems).allSatisfy(p -> assertThat(p.rule()).isEqualTo("phrase-list"));
    }
}
