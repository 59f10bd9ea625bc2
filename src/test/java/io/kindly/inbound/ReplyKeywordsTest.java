package io.kindly.inbound;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** How a borrower's SMS reply is read, with the shipped keyword lists (config/inbound.properties). */
class ReplyKeywordsTest {
    static final ReplyKeywords KEYWORDS = new ReplyKeywords(new InboundSettings.Keywords(
            List.of("STOP", "STOPALL", "END", "CANCEL", "UNSUBSCRIBE", "QUIT", "REVOKE", "OPTOUT", "OPT OUT", "REMOVE",
                    "退订", "退訂", "TD", "T", "取消", "拒收", "停止"),
            List.of("DON'T TEXT", "DO NOT TEXT", "STOP TEXTING", "不要再发", "別再發"),
            List.of("HELP", "INFO", "帮助", "幫助"),
            List.of("PLAN", "协商", "協商", "还款计划")));

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "STOP|OPT_OUT", " stop! |OPT_OUT", "Stop texting me|OPT_OUT", "opt-out|OPT_OUT", "OPT OUT now|OPT_OUT",
            "Please do not text me again|OPT_OUT", "td|OPT_OUT", "T|OPT_OUT", "我要退订|OPT_OUT", "退訂，謝謝|OPT_OUT",
            // asking to stop and for something else: stopping wins
            "Stop. I want a plan|OPT_OUT", "协商 退订|OPT_OUT",
            "PLAN|PLAN", "plan please|PLAN", "协商|PLAN", "協商一下|PLAN", "还款计划|PLAN",
            "HELP|HELP", "help?|HELP", "Info|HELP", "帮助|HELP", "幫助|HELP",
            // words that only resemble a keyword, or a keyword not at the start, do nothing
            "Thanks, paid|NONE", "Stopped by the bank today|NONE", "Tomorrow|NONE", "I need help|NONE",
            "my plan is to pay friday|NONE", "Endless thanks|NONE", "|NONE", "!!!|NONE"})
    void readsWhatTheReplyAsksFor(String text, ReplyKeywords.Kind expected) {
        assertThat(KEYWORDS.classify(text).kind()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is answered in {1}")
    @CsvSource(delimiter = '|', value = {"STOP|en", "帮助|zh-CN", "退订|zh-CN", "幫助|zh-TW", "協商|zh-TW", "取消|zh-CN"})
    void answersAStrangerInTheScriptTheyWrote(String text, String tag) {
        assertThat(ReplyKeywords.languageOf(text)).isEqualTo(Locale.forLanguageTag(tag));
    }
}
