package io.kindly.render;

import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Reason;
import io.kindly.domain.Stage;
import io.kindly.plan.Cadence;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders messages from the FreeMarker templates in {@code templates/}, which lenders edit without rebuilding.
 *
 * <p>Layout: {@code templates/<family>/<part>_<locale>.ftl}, where the family is named by the cadence stage and the
 * parts depend on the channel (see {@link Part}). The language is chosen once per message, as the first candidate in
 * the fallback chain (zh-TW, then zh, then the default language) for which <em>every</em> part of the channel exists,
 * so an email never mixes two languages.
 *
 * <p>FreeMarker is locked down: templates cannot instantiate or reach Java classes ({@code ?new} and {@code ?api} are
 * off), the object wrapper only exposes strings, numbers, booleans, lists and maps, and any missing variable is an
 * error rather than an empty string. HTML parts ({@code .ftlh}) escape every value automatically.
 */
public final class TemplateRenderer {
    /** The wording of discreet messages, for every family: no amount, no debt, just the link. */
    static final String DISCREET = "_discreet";
    /** What others may see of a message: the SMS text, the email subject, the in-app title. */
    private static final java.util.Set<Part> DISCREET_PARTS = java.util.EnumSet.of(Part.SMS, Part.SUBJECT);

    /** The files that make up one message on a channel. */
    public enum Part {
        SUBJECT("subject", ".ftl"),
        SMS("sms", ".ftl"),
        EMAIL_TEXT("email-text", ".ftl"),
        EMAIL_HTML("email-html", ".ftlh"),
        INAPP("inapp", ".ftl");

        private final String base;
        private final String extension;

        Part(String base, String extension) {
            this.base = base;
            this.extension = extension;
        }

        public String fileName(String localeSuffix) {
            return base + "_" + localeSuffix + extension;
        }

        public static List<Part> forChannel(Channel channel) {
            return switch (channel) {
                case SMS -> List.of(SMS);
                case EMAIL -> List.of(SUBJECT, EMAIL_TEXT, EMAIL_HTML);
                case INAPP -> List.of(SUBJECT, INAPP);
            };
        }
    }

    private final Configuration freemarker;
    private final Path dir;
    private final LenderProfile lender;
    private final Locale defaultLocale;
    private final Map<String, String> localeAliases;
    private final String smsOptOutKeyword;
    private final Function<String, String> unsubscribeLinks;
    private final Clock clock;
    private final SourceHashes hashes;

    /**
     * @param unsubscribeLinks the unsubscribe link of a message, by its contact id
     */
    public TemplateRenderer(Path dir, LenderProfile lender, Locale defaultLocale, Map<String, String> localeAliases,
            String smsOptOutKeyword, Function<String, String> unsubscribeLinks, Clock clock, long updateDelayMillis) {
        this(dir, lender, defaultLocale, localeAliases, smsOptOutKeyword, unsubscribeLinks, clock, updateDelayMillis,
                SourceGuard.NONE);
    }

    /**
     * @param guard checks each template's source whenever it is (re)read; a refused template fails its messages
     */
    public TemplateRenderer(Path dir, LenderProfile lender, Locale defaultLocale, Map<String, String> localeAliases,
            String smsOptOutKeyword, Function<String, String> unsubscribeLinks, Clock clock, long updateDelayMillis,
            SourceGuard guard) {
        this.dir = dir;
        this.lender = lender;
        this.defaultLocale = defaultLocale;
        this.localeAliases = Map.copyOf(localeAliases);
        this.smsOptOutKeyword = smsOptOutKeyword;
        this.unsubscribeLinks = unsubscribeLinks;
        this.clock = clock;
        this.freemarker = lockedDown(dir, updateDelayMillis);
        this.hashes = new SourceHashes(dir, updateDelayMillis, guard);
    }

    static Configuration lockedDown(Path dir, long updateDelayMillis) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        try {
            cfg.setDirectoryForTemplateLoading(dir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use template folder " + dir, e);
        }
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputEncoding("UTF-8");
        cfg.setURLEscapingCharset("UTF-8");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setAttemptExceptionReporter((e, env) -> { });
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setLocalizedLookup(false);
        cfg.setRecognizeStandardFileExtensions(true);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setTemplateUpdateDelayMilliseconds(updateDelayMillis);
        return cfg;
    }

    public Path dir() {
        return dir;
    }

    /** The unsubscribe link a message with this contact id would carry; the lint checks templates show it. */
    public String unsubscribeLinkFor(String contactId) {
        return unsubscribeLinks.apply(contactId);
    }

    /**
     * Pipeline step: renders a pending contact. A template that fails to render fails the contact (nothing is sent);
     * a contact already decided is left alone.
     */
    public void render(Contact contact) {
        if (!contact.isPending()) {
            return;
        }
        try {
            contact.message(renderFor(contact, today(contact)));
        } catch (TemplateProblem e) {
            contact.fail(Reason.TEMPLATE_ERROR, e.getMessage());
        }
    }

    /** Relative wording is computed for the later of the business date and the borrower's own date now. */
    private LocalDate today(Contact contact) {
        LocalDate local = LocalDate.now(clock.withZone(contact.account().timeZone()));
        return local.isAfter(contact.businessDate()) ? local : contact.businessDate();
    }

    /** Renders without deciding anything; also used by tests and the preview. */
    public Message renderFor(Contact contact, LocalDate today) throws TemplateProblem {
        String family = contact.stage().template();
        Locale requested = contact.account().locale().value();
        Locale locale = resolveLocale(family, contact.channel(), requested)
                .orElseThrow(() -> new TemplateProblem("no template for " + family + "/" + contact.channel()
                        + " in " + requested.toLanguageTag() + " or the default language " + defaultLocale.toLanguageTag()));
        Map<String, Object> model = TemplateModel.of(contact, locale, lender, smsOptOutKeyword,
                unsubscribeLinks.apply(contact.id()), today);
        String suffix = suffix(locale);
        List<Part> parts = Part.forChannel(contact.channel());
        // a discreet message says only that there is a message about the account where others may see it
        List<String> files = parts.stream().map(p -> (contact.discreet() && DISCREET_PARTS.contains(p) ? DISCREET
                : family) + "/" + p.fileName(suffix)).toList();
        // hashing also runs the guard: a refused template is not rendered at all
        String hash = hashes.of(files);
        Map<Part, String> out = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            out.put(parts.get(i), tidy(process(files.get(i), model, locale)));
        }
        String mainFile = files.get(files.size() - 1);
        return switch (contact.channel()) {
            case SMS -> new Message(mainFile, hash, locale, null, out.get(Part.SMS), null);
            case EMAIL -> new Message(family + "/" + Part.EMAIL_TEXT.fileName(suffix), hash, locale,
                    oneLine(out.get(Part.SUBJECT)), out.get(Part.EMAIL_TEXT), out.get(Part.EMAIL_HTML));
            case INAPP -> new Message(mainFile, hash, locale, oneLine(out.get(Part.SUBJECT)), out.get(Part.INAPP), null);
        };
    }

    /** Renders for display only (a preview of a deferred message); a template problem gives nothing. */
    public Optional<Message> renderQuietly(Contact contact, LocalDate today) {
        try {
            return Optional.of(renderFor(contact, today));
        } catch (TemplateProblem e) {
            return Optional.empty();
        }
    }

    /** Renders a channel's transport template (an SMS gateway's request body, say) from {@code templates/_gateway/}. */
    public String renderTransport(String templateName, Map<String, Object> model) throws TemplateProblem {
        return process(templateName, model, Locale.ROOT).strip();
    }

    /**
     * Renders Kindly's answer to a borrower's SMS reply (opt-out confirmation, help, repayment plan) from
     * {@code templates/_inbound/sms-reply_<language>.ftl}, in the first language of the fallback chain that has one.
     * The model holds the lender's public details and the reply's {@code action}, nothing about any account.
     */
    public String renderReply(String action, Locale requested, Map<String, Object> extra) throws TemplateProblem {
        Locale locale = candidates(requested).stream()
                .filter(l -> Files.isRegularFile(dir.resolve("_inbound").resolve("sms-reply_" + suffix(l) + ".ftl")))
                .findFirst().orElseThrow(() -> new TemplateProblem("templates/_inbound/sms-reply_"
                        + suffix(defaultLocale) + ".ftl does not exist"));
        Map<String, Object> model = new HashMap<>(extra);
        model.put("action", action);
        model.put("lender", lenderModel(locale));
        return process("_inbound/sms-reply_" + suffix(locale) + ".ftl", model, locale).strip();
    }

    /**
     * Renders one of Kindly's own web pages (the unsubscribe page, say) from
     * {@code templates/_pages/<page>_<language>.ftlh}, in the first language of the fallback chain that has one. Every
     * value is HTML-escaped (.ftlh). The model holds the lender's public details and what the caller adds.
     */
    public String renderPage(String page, Locale requested, Map<String, Object> extra) throws TemplateProblem {
        Locale locale = candidates(requested).stream()
                .filter(l -> Files.isRegularFile(dir.resolve("_pages").resolve(page + "_" + suffix(l) + ".ftlh")))
                .findFirst().orElseThrow(() -> new TemplateProblem("templates/_pages/" + page + "_"
                        + suffix(defaultLocale) + ".ftlh does not exist"));
        Map<String, Object> model = new HashMap<>(extra);
        model.put("lender", lenderModel(locale));
        return process("_pages/" + page + "_" + suffix(locale) + ".ftlh", model, locale);
    }

    private Map<String, Object> lenderModel(Locale locale) {
        Map<String, Object> l = new HashMap<>();
        l.put("name", lender.nameFor(locale));
        l.put("supportPhone", lender.supportPhone());
        l.put("supportUrl", lender.supportUrl());
        l.put("planUrl", lender.planUrl());
        return l;
    }

    private String process(String name, Map<String, Object> model, Locale locale) throws TemplateProblem {
        try {
            Template template = freemarker.getTemplate(name, locale);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateException e) {
            String where = e.getTemplateSourceName() == null ? name : e.getTemplateSourceName();
            String line = e.getLineNumber() == null ? "" : " line " + e.getLineNumber();
            String blamed = e.getBlamedExpressionString() == null ? "" : " " + e.getBlamedExpressionString();
            throw new TemplateProblem("templates/" + where + line + ": " + firstLine(e.getMessageWithoutStackTop())
                    + blamed);
        } catch (freemarker.template.TemplateNotFoundException e) {
            throw new TemplateProblem("templates/" + name + " does not exist");
        } catch (freemarker.core.ParseException e) {
            throw new TemplateProblem("templates/" + e.getTemplateName() + " line " + e.getLineNumber() + ": "
                    + firstLine(e.getEditorMessage()));
        } catch (IOException e) {
            throw new TemplateProblem("templates/" + name + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * The language the message will be written in: the first locale in the fallback chain for which every part of the
     * channel's template exists.
     */
    public Optional<Locale> resolveLocale(String family, Channel channel, Locale requested) {
        for (Locale candidate : candidates(requested)) {
            String suffix = suffix(candidate);
            boolean complete = Part.forChannel(channel).stream()
                    .allMatch(p -> Files.isRegularFile(dir.resolve(family).resolve(p.fileName(suffix))));
            if (complete) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** zh-HK -> (alias) zh-TW -> zh -> en: the requested locale, its language, then the default's. */
    public List<Locale> candidates(Locale requested) {
        Set<Locale> chain = new LinkedHashSet<>();
        Locale effective = requested;
        String alias = localeAliases.get(requested.toLanguageTag());
        if (alias == null && !requested.getScript().isEmpty()) {
            alias = localeAliases.get(requested.getLanguage() + "-" + requested.getScript());
        }
        if (alias != null) {
            effective = Locale.forLanguageTag(alias);
        }
        addWithParents(chain, effective);
        addWithParents(chain, defaultLocale);
        return new ArrayList<>(chain);
    }

    private static void addWithParents(Set<Locale> chain, Locale locale) {
        if (!locale.getCountry().isEmpty()) {
            chain.add(new Locale(locale.getLanguage(), locale.getCountry()));
        }
        chain.add(new Locale(locale.getLanguage()));
    }

    /** File-name suffix for a locale: {@code zh_TW}, {@code zh}, {@code en}. */
    public static String suffix(Locale locale) {
        return locale.getCountry().isEmpty() ? locale.getLanguage() : locale.getLanguage() + "_" + locale.getCountry();
    }

    /**
     * Checks at start-up that every stage can be rendered on each of its enabled channels in the default language, so
     * a missing or misspelt template stops start-up instead of failing messages later.
     *
     * @return problems, each as (stage, text)
     */
    public Map<Stage, List<String>> missingDefaults(Cadence cadence, Set<Channel> enabled) {
        Map<Stage, List<String>> problems = new LinkedHashMap<>();
        for (Stage stage : cadence.stages()) {
            File family = dir.resolve(stage.template()).toFile();
            if (!family.isDirectory()) {
                problems.computeIfAbsent(stage, s -> new ArrayList<>()).add(
                        "there is no template folder " + dir.resolve(stage.template()));
                continue;
            }
            for (Channel channel : stage.channels()) {
                if (!enabled.contains(channel)) {
                    continue;
                }
                // the default language itself falls back (zh-CN to zh), so any file on its chain will do
                if (resolveLocale(stage.template(), channel, defaultLocale).isEmpty()) {
                    for (Part part : Part.forChannel(channel)) {
                        Path file = dir.resolve(stage.template()).resolve(part.fileName(suffix(defaultLocale)));
                        if (!Files.isRegularFile(file)) {
                            problems.computeIfAbsent(stage, s -> new ArrayList<>()).add(
                                    file + " is missing (needed for " + channel + " in the default language)");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Lines stripped at their end, runs of blank lines made one, the whole stripped. Written out rather than split on
     * {@code \R}: it runs on every part of every message, and the regular expression was 5% of Kindly's CPU per
     * message in the profile of issue 9. A line ends where {@code \R} says one does (CR LF, or one of LF, VT, FF,
     * CR, NEL, LS, PS).
     */
    static String tidy(String text) {
        String all = text.strip();
        StringBuilder sb = new StringBuilder(all.length());
        boolean blank = false;
        int start = 0;
        int n = all.length();
        while (start <= n) {
            int end = start;
            while (end < n && !lineBreak(all.charAt(end))) {
                end++;
            }
            String line = all.substring(start, end).stripTrailing();
            if (line.isBlank()) {
                blank = true;
            } else {
                if (sb.length() > 0) {
                    sb.append(blank ? "\n\n" : "\n");
                }
                sb.append(line);
                blank = false;
            }
            // CR LF is one line break
            start = end + (end + 1 < n && all.charAt(end) == '\r' && all.charAt(end + 1) == '\n' ? 2 : 1);
        }
        return sb.toString();
    }

    private static boolean lineBreak(char c) {
        return c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "template error";
        }
        String trimmed = s.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
