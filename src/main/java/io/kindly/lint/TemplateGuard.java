package io.kindly.lint;

import io.kindly.render.SourceGuard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that need only a template's source: prohibited language, and no reaching outside FreeMarker's
 * locked-down model. {@code kindly lint} and start-up report them; while Kindly runs, the renderer asks this guard
 * about every edited template and refuses one with an error here, so an edit made after start-up cannot slip through.
 */
public final class TemplateGuard implements SourceGuard {
    /**
     * Every spelling FreeMarker accepts of a built-in that reaches Java or runs text as a template: snake_case and
     * camelCase ({@code ?eval_json}, {@code ?evalJson}), in any case, with spaces after the {@code ?}.
     */
    private static final Pattern LOCKED = Pattern.compile(
            "\\?\\s*(?i:new|api|eval(?:_?json)?|interpret)(?![A-Za-z0-9_])");
    private static final Pattern COMMENT = Pattern.compile("<#--.*?-->", Pattern.DOTALL);
    private static final Pattern MARKUP = Pattern.compile("[$#]\\{(?:[^{}]|\\{[^{}]*})*}|<[#@][^>]*>");
    private static final Pattern UNESCAPED = Pattern.compile("\\?\\s*no_esc\\b|<#noautoesc\\b|<#noescape\\b");

    private final PhraseRules phrases;

    public TemplateGuard(PhraseRules phrases) {
        this.phrases = phrases;
    }

    /** Every finding in one template's source; {@code file} is how findings name it. */
    public List<Finding> scan(String file, String source) {
        List<Finding> found = new ArrayList<>(phrases.scan(file, source));
        lines(found, file, markupOnly(source), LOCKED, Finding.Severity.ERROR, "locked-down",
                "templates cannot reach Java or run text as a template (?new, ?api, ?eval, ?eval_json/?evalJson, "
                        + "?interpret are off)");
        if (file.endsWith(".ftlh")) {
            lines(found, file, source, UNESCAPED, Finding.Severity.WARNING, "html-escaping",
                    "turns off HTML escaping; a borrower's data could then inject markup");
        }
        return found;
    }

    @Override
    public List<String> refusals(String name, String source) {
        return scan("templates/" + name, source).stream().filter(Finding::isError)
                .map(f -> "line " + f.line() + " [" + f.rule() + "] " + f.message()).toList();
    }

    /** Only FreeMarker expressions and directives, so "Questions? New plans" in a message is not a built-in. */
    private static String markupOnly(String source) {
        char[] out = source.replaceAll("[^\n]", " ").toCharArray();
        Matcher m = MARKUP.matcher(COMMENT.matcher(source).replaceAll(c -> c.group().replaceAll("[^\n]", " ")));
        while (m.find()) {
            source.getChars(m.start(), m.end(), out, m.start());
        }
        return new String(out);
    }

    private static void lines(List<Finding> found, String file, String source, Pattern p, Finding.Severity severity,
            String rule, String why) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = p.matcher(lines[i]);
            if (m.find()) {
                found.add(new Finding(severity, file, i + 1, rule, "'" + m.group().strip() + "' " + why));
            }
        }
    }
}
