package io.kindly.app;

import io.kindly.config.ConfigException;
import io.kindly.config.ConfigFiles;
import io.kindly.config.ConfigProblem;
import io.kindly.config.Settings;
import io.kindly.domain.Channel;
import io.kindly.domain.Stage;
import io.kindly.inbound.OptOutLinks;
import io.kindly.lint.Finding;
import io.kindly.lint.LintException;
import io.kindly.lint.MailRules;
import io.kindly.lint.PhraseRules;
import io.kindly.lint.RouteLint;
import io.kindly.lint.TemplateGuard;
import io.kindly.lint.TemplateLint;
import io.kindly.policy.PolicyProfile;
import io.kindly.render.SourceGuard;
import io.kindly.render.TemplateRenderer;
import org.slf4j.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything checked before Kindly does anything: the settings in {@code config/} (file, key, problem), the routes
 * and the templates (file, line, rule). Start-up and {@code kindly lint} run exactly this. It opens no database,
 * sends nothing and starts nothing.
 */
public final class Preflight {
    private static final Pattern ORIGIN_LINE = Pattern.compile("^(.*):(\\d+)$");

    /**
     * @param configProblems settings that are wrong; start-up reports them as a configuration problem
     * @param findings       route and template findings, errors and warnings
     */
    public record Result(KindlySettings settings, OptOutLinks optOutLinks, TemplateGuard guard,
            List<ConfigProblem> configProblems, List<Finding> findings) {

        /** Configuration problems as findings, then the rest: what {@code kindly lint} prints. */
        public List<Finding> all() {
            List<Finding> all = new ArrayList<>();
            for (ConfigProblem p : configProblems) {
                Matcher m = ORIGIN_LINE.matcher(p.origin());
                all.add(m.matches()
                        ? new Finding(Finding.Severity.ERROR, m.group(1), Integer.parseInt(m.group(2)), "config",
                                p.key() + ": " + p.problem())
                        : new Finding(Finding.Severity.ERROR, p.origin(), 0, "config", p.key() + ": " + p.problem()));
            }
            all.addAll(findings);
            return all;
        }

        public List<Finding> errors() {
            return all().stream().filter(Finding::isError).toList();
        }

        /** Start-up: a configuration problem or a lint error stops it; warnings are logged. */
        public void requireClean(Logger log) {
            if (!configProblems.isEmpty()) {
                throw new ConfigException(configProblems);
            }
            findings.stream().filter(f -> !f.isError()).forEach(f -> log.warn("lint: {}", f));
            List<Finding> errors = findings.stream().filter(Finding::isError).toList();
            if (!errors.isEmpty()) {
                throw new LintException(errors);
            }
        }

        /** The renderer the daemon uses: every template it reads while running passes the same guard as at start. */
        public TemplateRenderer renderer(Clock clock) {
            return Preflight.renderer(settings, optOutLinks, guard, clock);
        }
    }

    private Preflight() {
    }

    /**
     * @param lookup the properties as the daemon resolves them (config/ files, environment, system properties)
     */
    public static Result run(Function<String, Optional<String>> lookup, ConfigFiles files, Clock clock) {
        Settings s = new Settings(lookup, files);
        s.readByRoutes(KindlyConfiguration.CONFIG_DIR);
        s.readByRoutes("kindly.demo.seed-date"); // set by the once command
        s.readByRoutes(KindlyConfiguration.PREVIEW); // set by the preview command
        s.readByRoutes("kindly.preview.routes"); // read by the preview command
        KindlySettings settings = KindlySettings.read(s);
        List<Finding> findings = new ArrayList<>();

        PhraseRules phrases = PhraseRules.load(
                settings.lint().phraseLists().stream().filter(Files::isRegularFile).toList(), findings);
        TemplateGuard guard = new TemplateGuard(phrases);
        OptOutLinks links = new OptOutLinks(settings.inbound());
        // the lint judges each rule on its own: its renderer does not also refuse what the guard reports
        TemplateRenderer renderer = Files.isDirectory(settings.templatesDir())
                ? renderer(settings, links, SourceGuard.NONE, clock) : null;
        if (renderer != null) {
            Map<Stage, List<String>> missing = renderer.missingDefaults(settings.cadence(), settings.channels().enabled());
            missing.forEach((stage, problems) -> problems.forEach(
                    p -> s.problem("kindly.cadence.stage." + stage.name() + ".template", p)));
        }

        RouteLint.Result routes = RouteLint.check(new RouteLint.Context(Path.of(""),
                lookup.apply("camel.main.routes-include-pattern").orElse(""), lookup, RouteBeans.TYPES));
        findings.addAll(routes.findings());
        // a kindly.* key used by a lender's route is read, not unknown
        routes.placeholders().stream().filter(k -> k.startsWith("kindly.")).forEach(s::readByRoutes);
        List<ConfigProblem> configProblems = s.problems();

        if (renderer != null) {
            findings.addAll(TemplateLint.check(new TemplateLint.Context(settings.templatesDir(), settings.cadence(),
                    settings.channels().enabled(), renderer, settings.lender(),
                    settings.channels().sms().optOutKeyword(), optOutRequired(settings),
                    settings.lint().smsMaxSegments(), settings.source().defaultCurrency(), guard)));
        }
        findings.addAll(templateMode(settings));
        findings.addAll(MailRules.check(settings.demo().enabled(), settings.channels().email().enabled(), links.prefix(),
                files.originOf("kindly.inbound.public-url")));
        return new Result(settings, links, guard, configProblems, findings);
    }

    /**
     * Template mode (preset aliyun or tencent): every SMS template a stage uses is the copy of a registered template,
     * with its code, written as text and plain variables; otherwise each such message would fail when sent.
     */
    static List<Finding> templateMode(KindlySettings settings) {
        var mode = settings.channels().sms().templateMode();
        List<Finding> out = new ArrayList<>();
        if (mode == null || !settings.channels().sms().enabled() || !Files.isDirectory(settings.templatesDir())) {
            return out;
        }
        Set<String> families = new java.util.TreeSet<>();
        settings.cadence().stages().stream().filter(st -> st.channels().contains(Channel.SMS))
                .forEach(st -> families.add(st.template()));
        families.add("_discreet");
        for (String family : families) {
            Path dir = settings.templatesDir().resolve(family);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().matches("sms_[A-Za-z_]+\\.ftl"))
                        .sorted().toList()) {
                    String name = family + "/" + f.getFileName();
                    io.kindly.dispatch.RegisteredTemplate.problem(mode, name, Files.readString(f)).ifPresent(p ->
                            out.add(new Finding(Finding.Severity.ERROR, "templates/" + name, 0, "template-mode", p)));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    /** SMS and email always say how to opt out; other channels when a profile in use asks for it. */
    static Set<Channel> optOutRequired(KindlySettings settings) {
        Set<Channel> required = EnumSet.of(Channel.SMS, Channel.EMAIL);
        for (PolicyProfile profile : settings.policy().profiles().values()) {
            required.addAll(profile.optOutNotice());
        }
        return required;
    }

    static TemplateRenderer renderer(KindlySettings settings, OptOutLinks links, SourceGuard guard, Clock clock) {
        return new TemplateRenderer(settings.templatesDir(), settings.lender(), settings.source().defaultLocale(),
                settings.localeAliases(), settings.channels().sms().optOutKeyword(), links::linkFor, clock,
                settings.templateUpdateDelaySeconds() * 1000L, guard);
    }
}
