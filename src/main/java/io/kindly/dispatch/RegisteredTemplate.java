package io.kindly.dispatch;

import io.kindly.render.TemplateProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lender's copy of a template registered with a template-mode gateway (Alibaba Cloud, Tencent Cloud): the stage's
 * {@code sms_<language>.ftl}, written as the registered template is, with a plain {@code ${...}} where the registered
 * template has a variable. Kindly renders it like any template (the ledger keeps the full text the borrower gets), and
 * at sending reads the variables' values back out of that text: so a send needs only what the ledger holds, on the
 * first try, a retry or after a restart, and the values are exactly the ones in the recorded text.
 *
 * <p>Variables are named as the copy writes them, dots dropped and the next letter capitalised ({@code ${name}} is
 * {@code name}, {@code ${lender.planUrl}} is {@code lenderPlanUrl}): Alibaba's TemplateParam uses these names, Tencent's
 * TemplateParamSet their order.
 */
public final class RegisteredTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][\\w.]*)}");
    private static final Pattern COMMENT = Pattern.compile("<#--.*?-->", Pattern.DOTALL);

    private final List<String> names;
    private final Pattern text;

    private RegisteredTemplate(List<String> names, Pattern text) {
        this.names = names;
        this.text = text;
    }

    /** Reads the copy's source: only text and plain variables, with text between any two of them. */
    static RegisteredTemplate of(String file, String source) throws TemplateProblem {
        String plain = COMMENT.matcher(source).replaceAll("").strip();
        String rest = VARIABLE.matcher(plain).replaceAll("");
        if (rest.contains("${") || rest.contains("<#") || rest.contains("</#") || rest.contains("<@")) {
            throw new TemplateProblem(file + ": a registered template's copy holds only text and plain ${name} "
                    + "variables, as the registered template does (no <#if>, no ?builtins)");
        }
        Matcher m = VARIABLE.matcher(plain);
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        int at = 0;
        while (m.find()) {
            if (m.start() == at && at > 0) {
                throw new TemplateProblem(file + ": two variables with no text between them cannot be told apart");
            }
            regex.append(Pattern.quote(plain.substring(at, m.start()))).append("(.*?)");
            names.add(name(m.group(1)));
            at = m.end();
        }
        regex.append(Pattern.quote(plain.substring(at))).append('$');
        return new RegisteredTemplate(names, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    /**
     * What start-up and {@code kindly lint} find wrong with template mode for one SMS template file (relative to the
     * templates folder): no registered template code for it, or a copy that is not plain text and variables.
     */
    public static java.util.Optional<String> problem(ChannelSettings.TemplateMode mode, String file, String source) {
        if (mode.codeFor(file).isEmpty()) {
            return java.util.Optional.of("no registered template code: set kindly.channel.sms.template-code."
                    + file.replaceFirst("/sms_", ".").replaceFirst("\\.ftl$", "") + " (or .template-code."
                    + file.substring(0, Math.max(0, file.lastIndexOf('/'))) + ") to the code " + mode.vendor()
                    + " gave the registered template");
        }
        try {
            of(file, source);
            return java.util.Optional.empty();
        } catch (TemplateProblem e) {
            return java.util.Optional.of(e.getMessage().substring(file.length() + 2));
        }
    }

    /** Each variable's value in the rendered text, in the copy's order; a text the copy did not make is refused. */
    Map<String, String> values(String file, String rendered) throws TemplateProblem {
        Matcher m = text.matcher(rendered.strip());
        if (!m.matches()) {
            throw new TemplateProblem(file + ": the message's text does not follow the registered template's copy "
                    + "(was it rendered from another version of the file?)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.putIfAbsent(names.get(i), m.group(i + 1));
        }
        return values;
    }

    private static String name(String expression) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : expression.toCharArray()) {
            if (c == '.') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
