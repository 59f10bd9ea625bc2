package io.kindly.lint;

import io.kindly.shared.OptOutKeyword;
import io.kindly.shared.SmsSegments;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Stage;
import io.kindly.plan.Cadence;
import io.kindly.render.LenderProfile;
import io.kindly.render.TemplateModel;
import io.kindly.render.TemplateProblem;
import io.kindly.render.TemplateRenderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks every template: that it renders in strict mode for each stage that uses it, says what a reminder must say,
 * says nothing a reminder must not, fits the SMS budget, escapes the borrower's data in HTML, and does not try to reach
 * outside FreeMarker's locked-down model.
 *
 * <p>Each template is rendered against a sample account whose due date puts it on the stage in question, in the
 * template's own language, through the same renderer the daemon uses.
 */
public final class TemplateLint {
    private static final Pattern PROBLEM_AT = Pattern.compile("^(templates/\\S+?)(?: line (\\d+))?: (.*)$", Pattern.DOTALL);
    private static final Pattern SUFFIX = Pattern.compile("^(subject|sms|email-text|email-html|inapp)_([a-z]{2,3}(?:_[A-Z]{2})?)\\.ftlh?$");
    private static final String MARKUP_NAME = "<b id=\"kindly-lint\">Lint</b>";

    /** What the lint needs to know about the deployment. */
    public record Context(Path templatesDir, Cadence cadence, Set<Channel> enabledChannels, TemplateRenderer renderer,
            LenderProfile lender, String smsOptOutKeyword, Set<Channel> optOutRequired, int smsMaxSegments,
            Currency currency, TemplateGuard guard) {
    }

    private final Context ctx;
    private final Set<Finding> findings = new LinkedHashSet<>();

    private TemplateLint(Context ctx) {
        this.ctx = ctx;
    }

    public static List<Finding> check(Context ctx) {
        TemplateLint lint = new TemplateLint(ctx);
        lint.sources();
        lint.families();
        return new ArrayList<>(lint.findings);
    }

    // ---------------------------------------------------------------------------------------------- the sources

    /** Rules on the text of every template file: prohibited language, locked-down FreeMarker, escaping bypasses. */
    private void sources() {
        for (Path file : templateFiles()) {
            String name = relative(file);
            String source = read(file);
            findings.addAll(ctx.guard().scan(name, source));
            String fileName = file.getFileName().toString();
            String folder = file.getParent().getFileName().toString();
            if (!folder.startsWith("_") && !file.getParent().equals(ctx.templatesDir())
                    && !SUFFIX.matcher(fileName).matches()) {
                warn(name, 0, "unused-file", "not a part Kindly renders (subject, sms, email-text, email-html.ftlh, "
                        + "inapp, each _<language>)");
            }
        }
    }

    // ------------------------------------------------------------------------------------- rendered messages

    private void families() {
        Map<String, List<Stage>> stagesByFamily = new LinkedHashMap<>();
        for (Stage s : ctx.cadence().stages()) {
            stagesByFamily.computeIfAbsent(s.template(), k -> new ArrayList<>()).add(s);
        }
        try (Stream<Path> dirs = Files.list(ctx.templatesDir())) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(n -> !n.startsWith("_") && !stagesByFamily.containsKey(n))
                    .sorted()
                    .forEach(n -> warn("templates/" + n, 0, "unused-family", "no stage in config/cadence.properties "
                            + "uses this template family"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stagesByFamily.forEach(this::family);
        discreet(stagesByFamily.keySet());
    }

    /**
     * A discreet contact (a policy profile's {@code discreet}) gets {@code templates/_discreet/} instead of its family's
     * SMS and subject, in the language of the message: a language the families have and {@code _discreet} lacks would
     * leave that borrower's message unrenderable (or, in the default language, in a language they did not choose).
     */
    private void discreet(Set<String> families) {
        Set<String> languages = new TreeSet<>();
        for (String family : families) {
            Path dir = ctx.templatesDir().resolve(family);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(f -> SUFFIX.matcher(f.getFileName().toString())).filter(Matcher::matches)
                        .forEach(m -> languages.add(m.group(2)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path dir = ctx.templatesDir().resolve("_discreet");
        Set<TemplateRenderer.Part> parts = new java.util.LinkedHashSet<>();
        if (ctx.enabledChannels().contains(Channel.SMS)) {
            parts.add(TemplateRenderer.Part.SMS);
        }
        if (ctx.enabledChannels().contains(Channel.EMAIL) || ctx.enabledChannels().contains(Channel.INAPP)) {
            parts.add(TemplateRenderer.Part.SUBJECT);
        }
        for (String suffix : languages) {
            List<String> missing = parts.stream().map(p -> p.fileName(suffix))
                    .filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
            if (!missing.isEmpty()) {
                error("templates/_discreet", 0, "discreet-language", "lacks " + missing + ": the other templates "
                        + "have " + suffix + ", and a discreet message in that language has no wording to use");
            }
        }
    }

    private void family(String family, List<Stage> stages) {
        Path dir = ctx.templatesDir().resolve(family);
        if (!Files.isDirectory(dir)) {
            return; // a configuration problem, reported as such
        }
        Set<String> locales = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> SUFFIX.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .forEach(m -> locales.add(m.group(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String suffix : locales) {
            Locale locale = locale(suffix);
            for (Stage stage : stages) {
                for (Channel channel : stage.channels()) {
                    if (!ctx.enabledChannels().contains(channel)) {
                        continue;
                    }
                    List<String> missing = TemplateRenderer.Part.forChannel(channel).stream()
                            .map(p -> p.fileName(suffix)).filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
                    if (!missing.isEmpty()) {
                        if (missing.size() < TemplateRenderer.Part.forChannel(channel).size()) {
                            warn("templates/" + family, 0, "incomplete-language", "has some of the " + channel
                                    + " parts in " + suffix + " but not " + missing + ": " + channel
                                    + " messages in that language fall back to another language");
                        }
                        continue;
                    }
                    message(family, suffix, locale, stage, channel);
                }
            }
        }
    }

    private void message(String family, String suffix, Locale locale, Stage stage, Channel channel) {
        Contact contact = sample(stage, channel, locale, sampleName(locale));
        LocalDate today = contact.businessDate();
        Message m;
        try {
            m = ctx.renderer().renderFor(contact, today);
        } catch (TemplateProblem e) {
            problem(e, "render", "does not render for stage " + stage.name());
            return;
        }
        Map<String, Object> model = TemplateModel.of(contact, locale, ctx.lender(), ctx.smsOptOutKeyword(),
                ctx.renderer().unsubscribeLinkFor(contact.id()), today);
        String base = "templates/" + family + "/";
        switch (channel) {
            case SMS -> {
                String file = base + TemplateRenderer.Part.SMS.fileName(suffix);
                required(file, m.body(), model, channel, stage);
                SmsSegments seg = SmsSegments.of(m.body());
                if (seg.segments() > ctx.smsMaxSegments()) {
                    error(file, 0, "sms-length", "for stage " + stage.name() + " renders to " + seg.describe()
                            + "; the limit is " + ctx.smsMaxSegments() + " (kindly.templates.sms-max-segments)");
                }
            }
            case EMAIL -> {
                required(base + TemplateRenderer.Part.EMAIL_TEXT.fileName(suffix), m.body(), model, channel, stage);
                String html = base + TemplateRenderer.Part.EMAIL_HTML.fileName(suffix);
                required(html, m.html(), model, channel, stage);
                htmlEscaping(html, stage, locale);
            }
            case INAPP -> required(base + TemplateRenderer.Part.INAPP.fileName(suffix), m.body(), model, channel, stage);
        }
    }

    /** What every reminder must say, checked in the rendered text with the sample's own values. */
    @SuppressWarnings("unchecked")
    private void required(String file, String text, Map<String, Object> model, Channel channel, Stage stage) {
        Map<String, Object> lender = (Map<String, Object>) model.get("lender");
        Map<String, Object> optOut = (Map<String, Object>) model.get("optOut");
        String where = " (stage " + stage.name() + ")";
        if (!contains(text, lender.get("name"))) {
            error(file, 0, "required/lender", "does not name the lender (${lender.name})" + where);
        }
        if (!contains(text, model.get("amount")) && !contains(text, model.get("amountValue"))) {
            error(file, 0, "required/amount", "does not say how much is due (${amount})" + where);
        }
        if (!contains(text, model.get("dueDate")) && !contains(text, model.get("dueDateIso"))) {
            error(file, 0, "required/due-date", "does not give the due date (${dueDate})" + where);
        }
        if (!contains(text, model.get("repaymentLink"))) {
            error(file, 0, "required/how-to-pay", "does not say how to pay (${repaymentLink})" + where);
        }
        if (!contains(text, lender.get("planUrl")) && !contains(text, lender.get("supportPhone"))
                && !contains(text, lender.get("supportUrl"))) {
            error(file, 0, "required/help", "does not say how to get help or ask for a repayment plan "
                    + "(${lender.planUrl} or ${lender.supportPhone})" + where);
        }
        boolean optOutSaid = switch (channel) {
            case SMS -> new OptOutKeyword(ctx.smsOptOutKeyword()).foundIn(text);
            case EMAIL, INAPP -> contains(text, optOut.get("unsubscribeUrl")) || contains(text, optOut.get("url"));
        };
        if (!optOutSaid) {
            String how = channel == Channel.SMS ? "reply ${optOut.smsKeyword}" : "${optOut.unsubscribeUrl} or ${optOut.url}";
            if (channel == Channel.INAPP && !ctx.optOutRequired().contains(Channel.INAPP)) {
                warn(file, 0, "required/opt-out", "does not say how to stop reminders (" + how + ")" + where);
            } else {
                error(file, 0, "required/opt-out", "does not say how to stop reminders (" + how + ")" + where);
            }
        }
    }

    /** A borrower's name with markup must come out as text in the HTML part. */
    private void htmlEscaping(String file, Stage stage, Locale locale) {
        Contact hostile = sample(stage, Channel.EMAIL, locale, MARKUP_NAME);
        try {
            Message m = ctx.renderer().renderFor(hostile, hostile.businessDate());
            if (m.html() != null && m.html().contains(MARKUP_NAME)) {
                error(file, 0, "html-escaping", "puts the borrower's data into the HTML unescaped: a name like "
                        + MARKUP_NAME + " becomes markup");
            }
        } catch (TemplateProblem e) {
            problem(e, "render", "does not render with a name containing markup");
        }
    }

    // ----------------------------------------------------------------------------------------------- samples

    /** An account on the given stage today, written to in the template's language; used for nothing but rendering. */
    private Contact sample(Stage stage, Channel channel, Locale locale, String name) {
        LocalDate today = LocalDate.of(2026, 11, 23);
        Account account = new Account("LINT-B", "LINT-L0001", name, Checked.ok(locale), ZoneId.of("Asia/Shanghai"),
                Checked.ok("+8613800138000"), Checked.ok("lint@example.com"), Checked.ok("app-lint"),
                new BigDecimal("123456.78"), ctx.currency(), today.minusDays(stage.offsetDays()),
                Math.max(0, stage.offsetDays()), "https://pay.example.com/l/LINT-L0001", "lint", List.of());
        Contact contact = new Contact(account, stage, channel, today, "lint");
        contact.recipient(account.addressFor(channel).value());
        return contact;
    }

    /** A realistic, longish name: SMS length is judged on it. */
    private static String sampleName(Locale locale) {
        return switch (locale.getLanguage()) {
            case "zh" -> "TW".equals(locale.getCountry()) ? "歐陽明遠" : "欧阳明远";
            default -> "Christopher Montgomery";
        };
    }

    private static Locale locale(String suffix) {
        String[] p = suffix.split("_");
        return p.length == 2 ? new Locale(p[0], p[1]) : new Locale(p[0]);
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private List<Path> templateFiles() {
        try (Stream<Path> walk = Files.walk(ctx.templatesDir())) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".ftl") || f.toString().endsWith(".ftlh"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String relative(Path file) {
        return ("templates/" + ctx.templatesDir().relativize(file)).replace('\\', '/');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(String text, Object value) {
        return text != null && value != null && !value.toString().isEmpty() && text.contains(value.toString());
    }

    /** A renderer problem names its file and line: report it there. */
    private void problem(TemplateProblem e, String rule, String what) {
        Matcher m = PROBLEM_AT.matcher(e.getMessage());
        if (m.matches()) {
            error(m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), rule, what + ": " + m.group(3));
        } else {
            error("templates", 0, rule, what + ": " + e.getMessage());
        }
    }

    private void error(String file, int line, String rule, String message) {
        findings.add(new Finding(Finding.Severity.ERROR, file, line, rule, message));
    }

    private void warn(String file, int line, String rule, String message) {
        findings.add(new Finding(Finding.Severity.WARNING, file, line, rule, message));
    }
}
