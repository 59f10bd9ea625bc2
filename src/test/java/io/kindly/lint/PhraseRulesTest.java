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
    void aFindingNamesTheLineTheWordsWhyItIsForbiddenItsGroundsAndARewording() {
        List<Finding> found = shipped.scan("templates/x/sms_en.ftl", "Hello.\nThe P.O.L.I.C.E\nwill call.");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.message()).contains("'P.O.L.I.C.E'", "civil matter", "contact-rules.md 8.1 #1", "1692e",
                    "Instead: ");
            assertThat(f.toString()).startsWith("templates/x/sms_en.ftl:2: error [prohibited/threat-arrest]");
        });
        // concepts meeting in a sentence are named one by one; a Chinese finding suggests Chinese wording
        assertThat(shipped.scan("t", "We will reach out to your employer.")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("'reach out to your employer' (reach out + employer)"));
        assertThat(shipped.scan("t", "我们将通知你的紧急联系人。")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("(通知 + 紧急联系人)", "Instead: 只与借款人本人沟通"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "We will never contact your family, friends or employer about this loan.",
        "Your employer will never be contacted.",
        "Missing a payment is not a crime, and you will not be arrested.",
        "We never charge collection fees.",
        "Please don't take out another loan to repay us.",
        "我们绝不会就这笔借款联系您的家人、朋友或单位。",
        "我們絕不會就這筆借款聯繫您的家人、朋友或單位。",
        "请不要为了还款去其他平台借钱。",
        "警察不会因为欠款上门。",
    })
    void aPromiseNotToIsNotAThreat(String text) {
        assertThat(rules(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "If you do not pay, we will contact your employer.|ERROR prohibited/third-party-disclosure",
        "If you do not pay we will contact your employer.|ERROR prohibited/third-party-disclosure",
        "We won't hesitate to tell your family.|ERROR prohibited/third-party-disclosure",
        "Don't make us call your boss.|ERROR prohibited/third-party-disclosure",
        "We will not contact your employer unless you pay today.|ERROR prohibited/third-party-disclosure",
        "We will not call you, but your manager will be told.|ERROR prohibited/third-party-disclosure",
        "Nobody likes a deadbeat.|ERROR prohibited/public-shaming",
        "如不还款，我们将通知您的家人。|ERROR prohibited/third-party-disclosure",
        "逾期不还将通知紧急联系人。|ERROR prohibited/third-party-disclosure",
        "只要你今天还款，我们就不会联系你的家人。|ERROR prohibited/third-party-disclosure",
        "我们不得不通知你的紧急联系人。|ERROR prohibited/third-party-disclosure",
        "坐牢不是开玩笑的。|ERROR prohibited/threat-arrest",
    })
    void aNegationThatIsAConditionOrAThreatStillCounts(String text, String expected) {
        assertThat(rules(text)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "办公安排请抓紧时间还款", // neither 公安 (police) nor 抓 (seize): the words are 办公, 安排, 抓紧
        "Court-approved free debt advice is available.",
        "If you are facing bankruptcy, tell us and we will pause reminders.",
        "Please keep your emergency contact details up to date.",
        "You can ask someone you trust, like a family member, to speak to us on your behalf.",
        "Your account manager will call you this week.",
    })
    void wordsAreReadInContext(String text) {
        assertThat(rules(text)).isEmpty();
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
                @bad class line
                whn: @tell + @third-party
                ## our-concepts | block | policy 4.3
                why: we never mention the weather
                when: @weather + @bad
                when: @nowhere
                when: @bad +
                negation: sometimes
                (unbalanced
                @weather = rain, 下雨
                """);
        List<Finding> problems = new ArrayList<>();
        PhraseRules ours = PhraseRules.load(List.of(list), problems);

        assertThat(ours.scan("t", "This is your LAST  reminder")).singleElement()
                .satisfies(f -> assertThat(f.rule()).isEqualTo("prohibited/our-words"));
        assertThat(problems).extracting(Finding::line).containsExactlyInAnyOrder(1, 4, 5, 6, 7, 10, 11, 12, 13, 14);
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.rule()).isEqualTo("phrase-list");
            assertThat(p.file()).isEqualTo(list.toString());
        });
        assertThat(problems).filteredOn(p -> p.line() == 7).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unknown key 'whn:'"));
        assertThat(problems).filteredOn(p -> p.line() == 11).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("@nowhere", "no list defines"));
    }

    @Test
    void aLenderAddsAConceptRuleWithItsOwnWords(@TempDir Path dir) throws Exception {
        Path list = dir.resolve("ours.txt");
        Files.writeString(list, """
                @weather = rain*, storm*, 暴雨
                @bad = ruin*, spoil*, 毁了
                ## weather-threat | block | our policy 7
                why: weather has nothing to do with a loan
                instead: Leave the weather out.
                when: @weather + @bad
                """);
        List<Finding> problems = new ArrayList<>();
        PhraseRules ours = PhraseRules.load(List.of(list), problems);
        assertThat(problems).isEmpty();
        assertThat(ours.scan("t", "A storm will ruin your garden.")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("(storm + ruin)", "weather has nothing", "Leave the weather out."));
        assertThat(ours.scan("t", "暴雨会把一切都毁了。")).hasSize(1);
        assertThat(ours.scan("t", "Rain is forecast.")).isEmpty();
    }
}
