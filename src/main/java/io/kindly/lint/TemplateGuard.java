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
    private static final Pattern LOCKED = Pattern.compile("\\?\\s*(new|api|eval|interpret|eval_json)\\b");
    private static final Pattern UNESCAPED = Pattern.compile("\\?\\s*no_esc\\b|<#noautoesc\\b|<#noescape\\b");

    private final PhraseRules phrases;

    public TemplateGuard(PhraseRules phrases) {
        this.phrases = phrases;
    }

    /** Every finding in one template's source; {@code file} is how findings name it. */
    public List<Finding> scan(String file, String source) {
        List<Finding> found = new ArrayList<>(phrases.scan(file, source));
        lines(found, file, source, LOCKED, Finding.Severity.ERROR, "locked-down",
                "templates cannot reach Java or run text as a template (?new, ?api, ?eval, ?interpret are off)");
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
