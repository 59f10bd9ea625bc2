package io.kindly.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lists in {@code config/lint/}. A list holds word classes and rules; {@code #} starts a comment.
 *
 * <pre>
 * &#64;police = police, cop*, sheriff*, 警察, 公安        a word class: terms, comma-separated (repeat the line to add)
 * ## threat-arrest | block | 15 USC 1692e(4)         a rule: id, block (error) or review (warning), legal grounds
 * why: threatening arrest over a debt is false       why it is forbidden
 * instead: We will never involve the police.         a suggested rewording (instead-zh: in Chinese)
 * negation: ignored                                  "never" does not excuse it (default: it does)
 * when: &#64;tell + &#64;third-party                       concepts that must meet in one sentence
 * when: !&#64;shame-label                                a concept with ! is not excused by a negation
 * unless: &#64;borrower-acts                              not when this is in the sentence
 * except: &#64;to-us                                      words that are not the concept ("contact us")
 * lock you up                                        a plain phrase: a rule of that one term (the older format)
 * </pre>
 *
 * A term is words in a row; {@code (a|b)} gives alternatives, {@code (a|b)?} an optional part, a trailing {@code *}
 * any ending. Word classes may be used by rules of any list, and extended from any list. Rules of the same id in
 * several lists are one rule. Anything malformed is reported with its file, line and the problem.
 */
final class RuleLists {
    private static final Pattern CLASS = Pattern.compile("^@([a-z0-9][a-z0-9-]*)\\s*=\\s*(.*)$");
    private static final Pattern KEY = Pattern.compile("^([a-z][a-z-]*):\\s*(.*)$");
    private static final Pattern GROUP = Pattern.compile("\\(([^()]*)\\)(\\?)?");
    private static final List<String> KEYS = List.of("why", "instead", "instead-zh", "negation", "when", "unless",
            "except");

    /** Where something was written, for reporting a problem found once everything is read. */
    private record At(Path file, int line, String text) {
    }

    private static final class Draft {
        String id;
        boolean block;
        String grounds = "";
        String why = "";
        String instead = "";
        String insteadZh = "";
        boolean negatable = true;
        final List<At> whens = new ArrayList<>();
        final List<At> unless = new ArrayList<>();
        final List<At> except = new ArrayList<>();
    }

    private final List<Finding> problems;
    private final Map<String, List<Term>> classes = new LinkedHashMap<>();
    private final Map<String, Draft> drafts = new LinkedHashMap<>();

    private RuleLists(List<Finding> problems) {
        this.problems = problems;
    }

    static PhraseRules read(List<Path> files, List<Finding> problems) {
        RuleLists lists = new RuleLists(problems);
        for (Path file : files) {
            try {
                lists.file(file, Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                problems.add(new Finding(Finding.Severity.ERROR, file.toString(), 0, "phrase-list",
                        "cannot be read: " + e.getMessage()));
            }
        }
        return lists.build();
    }

    private void file(Path file, List<String> lines) {
        Draft rule = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int no = i + 1;
            if (line.isEmpty() || line.startsWith("#") && !line.startsWith("##")) {
                continue;
            }
            Matcher cls = CLASS.matcher(line);
            Matcher key = KEY.matcher(line);
            if (line.startsWith("##")) {
                rule = header(file, no, line);
            } else if (line.startsWith("@")) {
                if (!cls.matches()) {
                    problem(file, no, "a word class is written '@name = term, term, ...' (name: a-z, 0-9, -)");
                } else {
                    wordClass(file, no, cls.group(1), cls.group(2));
                }
            } else if (key.matches() && KEYS.contains(key.group(1))) {
                if (rule == null) {
                    problem(file, no, "'" + key.group(1) + ":' comes before any '## rule-id | block|review | grounds' line");
                } else {
                    key(rule, file, no, key.group(1), key.group(2).strip());
                }
            } else if (key.matches() && line.indexOf(' ') > line.indexOf(':')) {
                problem(file, no, "unknown key '" + key.group(1) + ":' (known: " + String.join(", ", KEYS) + ")");
            } else if (rule == null) {
                problem(file, no, "phrase '" + line + "' comes before any '## rule-id | block|review | grounds' line");
            } else if (terms(file, no, line) != null) {
                rule.whens.add(new At(file, no, phraseConcept(line)));
            }
        }
    }

    private Draft header(Path file, int no, String line) {
        String[] parts = line.substring(2).split("\\|", 3);
        if (parts.length < 2 || !parts[1].strip().matches("block|review") || parts[0].isBlank()) {
            problem(file, no, "a rule starts with '## rule-id | block|review | grounds'");
            return null;
        }
        String id = parts[0].strip();
        Draft d = drafts.get(id);
        if (d == null) {
            d = new Draft();
            d.id = id;
            d.block = parts[1].strip().equals("block");
            d.grounds = parts.length > 2 ? parts[2].strip() : "";
            drafts.put(id, d);
        } else if (d.grounds.isEmpty() && parts.length > 2) {
            d.grounds = parts[2].strip();
        }
        return d;
    }

    private void key(Draft rule, Path file, int no, String key, String value) {
        switch (key) {
            case "why" -> rule.why = value;
            case "instead" -> rule.instead = value;
            case "instead-zh" -> rule.insteadZh = value;
            case "negation" -> {
                if (!value.matches("promise|ignored")) {
                    problem(file, no, "'negation:' is 'promise' (\"we will never ...\" excuses it) or 'ignored'");
                }
                rule.negatable = !value.equals("ignored");
            }
            case "when" -> concepts(file, no, value, rule.whens);
            case "unless" -> concepts(file, no, value, rule.unless);
            default -> concepts(file, no, value, rule.except);
        }
    }

    private void concepts(Path file, int no, String value, List<At> into) {
        if (value.isEmpty() || value.startsWith("+") || value.endsWith("+") || value.contains("++")) {
            problem(file, no, "concepts are written '@class + @class' or '@class + some words'");
            return;
        }
        into.add(new At(file, no, value));
    }

    private void wordClass(Path file, int no, String name, String list) {
        List<Term> terms = classes.computeIfAbsent(name, k -> new ArrayList<>());
        for (String written : list.split("[,，、]")) {
            if (written.isBlank()) {
                continue;
            }
            List<Term> parsed = terms(file, no, written.strip());
            if (parsed != null) {
                terms.addAll(parsed);
            }
        }
    }

    /** A plain phrase line is a concept of its own; '+' in it is a plain character. */
    private static String phraseConcept(String line) {
        return "\u0000" + line;
    }

    /** The terms a written term stands for, or null (reported) when it is malformed. */
    private List<Term> terms(Path file, int no, String written) {
        int depth = 0;
        for (char c : written.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0 || depth > 1) {
                break;
            }
        }
        if (depth != 0) {
            problem(file, no, "unbalanced or nested parentheses in '" + written + "'");
            return null;
        }
        List<Term> out = new ArrayList<>();
        for (String alternative : expand(written)) {
            Term t = Term.parse(alternative);
            if (t != null) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            problem(file, no, "'" + written + "' has no letters to match");
            return null;
        }
        return out;
    }

    /** {@code (a|b) x (c|d)?} into {@code a x c}, {@code a x d}, {@code a x}, ... */
    static List<String> expand(String phrase) {
        Matcher m = GROUP.matcher(phrase);
        if (!m.find()) {
            return List.of(phrase.replaceAll("\\s+", " ").strip());
        }
        List<String> options = new ArrayList<>(List.of(m.group(1).split("\\|", -1)));
        if (m.group(2) != null) {
            options.add("");
        }
        List<String> out = new ArrayList<>();
        for (String option : options) {
            out.addAll(expand(phrase.substring(0, m.start()) + option + phrase.substring(m.end())));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ resolving

    private PhraseRules build() {
        List<ConceptRule> rules = new ArrayList<>();
        for (Draft d : drafts.values()) {
            List<List<ConceptRule.Concept>> whens = new ArrayList<>();
            for (At w : d.whens) {
                List<ConceptRule.Concept> concepts = resolve(w);
                if (concepts != null) {
                    whens.add(concepts);
                }
            }
            if (whens.isEmpty()) {
                continue; // a header with nothing under it matches nothing; its problems are reported
            }
            rules.add(new ConceptRule(d.id, d.block, d.grounds, d.why, d.instead, d.insteadZh, d.negatable,
                    whens, flat(d.unless), flat(d.except)));
        }
        ChineseWords.keepWhole(PhraseRules.chineseWords(classes, rules));
        Negation negation = new Negation(named("negation"), named("negation-void"), named("clause-break"),
                named("scope-end"), named("if-paid"), named("negation-back"), named("purpose"),
                named("paying"));
        return new PhraseRules(rules, negation);
    }

    private List<ConceptRule.Concept> flat(List<At> lines) {
        List<ConceptRule.Concept> out = new ArrayList<>();
        for (At at : lines) {
            List<ConceptRule.Concept> cs = resolve(at);
            if (cs != null) {
                out.addAll(cs);
            }
        }
        return out;
    }

    private List<ConceptRule.Concept> resolve(At at) {
        List<String> items = at.text().startsWith("\u0000") ? List.of(at.text())
                : List.of(at.text().split("\\s*\\+\\s*"));
        List<ConceptRule.Concept> out = new ArrayList<>();
        for (String written0 : items) {
            boolean stubborn = written0.startsWith("!") && !written0.startsWith("\u0000");
            String item = stubborn ? written0.substring(1).strip() : written0;
            if (item.startsWith("@")) {
                List<Term> terms = classes.get(item.substring(1));
                if (terms == null) {
                    problem(at.file(), at.line(), "uses " + item + ", which no list defines (write '" + item
                            + " = term, term' in a list named by kindly.lint.phrase-lists)");
                    return null;
                }
                out.add(new ConceptRule.Concept(item, terms, stubborn));
            } else {
                String written = item.startsWith("\u0000") ? item.substring(1) : item;
                List<Term> terms = terms(at.file(), at.line(), written);
                if (terms == null) {
                    return null;
                }
                out.add(new ConceptRule.Concept(written, terms, stubborn));
            }
        }
        return out;
    }

    private ConceptRule.Concept named(String name) {
        return new ConceptRule.Concept("@" + name, classes.getOrDefault(name, List.of()));
    }

    private void problem(Path file, int line, String what) {
        problems.add(new Finding(Finding.Severity.ERROR, file.toString(), line, "phrase-list", what));
    }
}
