package io.kindly.lint;

import io.kindly.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How templates are judged: the lists of prohibited language (a compliance team extends them) and how many SMS one
 * reminder may cost.
 */
public record LintSettings(List<Path> phraseLists, int smsMaxSegments) {
    static final List<String> DEFAULT_LISTS = List.of("config/lint/rules.txt", "config/lint/words-en.txt",
            "config/lint/words-zh.txt", "config/lint/words-zh-hant.txt");

    public static LintSettings read(Settings s) {
        List<Path> lists = s.list("kindly.lint.phrase-lists", DEFAULT_LISTS).stream().map(Path::of).toList();
        for (Path list : lists) {
            if (!Files.isRegularFile(list)) {
                s.problem("kindly.lint.phrase-lists", "the list '" + list + "' does not exist");
            }
        }
        if (lists.isEmpty()) {
            s.problem("kindly.lint.phrase-lists", "names no list: templates would not be checked for threats");
        }
        int segments = s.integer("kindly.templates.sms-max-segments", 3, 1, 10);
        return new LintSettings(lists, segments);
    }
}
