package io.kindly.lint;

import io.kindly.app.ConfigLookup;
import io.kindly.app.RouteBeans;
import io.kindly.support.TestConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes a lender edits, checked without starting them: syntax, placeholders, beans, endpoints, ids. */
class RouteLintTest {
    @TempDir
    Path dir;
    Path routes;
    Path cycle;

    @BeforeEach
    void copyRoutes() {
        routes = TestConfig.copyTree(Path.of("routes"), dir.resolve("routes"));
        cycle = routes.resolve("cycle.camel.yaml");
    }

    RouteLint.Result lint(Map<String, String> extra) {
        Map<String, String> overrides = new java.util.HashMap<>(extra);
        overrides.put("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath().toString()
                .replace('\\', '/') + "/**/*.camel.yaml");
        try (ConfigLookup config = ConfigLookup.open(Path.of("config"), overrides)) {
            return RouteLint.check(new RouteLint.Context(Path.of(""),
                    config.get("camel.main.routes-include-pattern").orElseThrow(), config::get, RouteBeans.TYPES));
        }
    }

    List<Finding> lint() {
        return lint(Map.of()).findings();
    }

    void write(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    void replace(Path file, String from, String to) {
        TestConfig.replace(file, from, to);
    }


    @Test
    void theShippedRoutesAreCleanAndTheirSettingsAreKnown() {
        RouteLint.Result result = lint(Map.of());
        assertThat(result.findings()).isEmpty();
        assertThat(result.placeholders()).contains("kindly.cycle.cron", "kindly.source.type", "kindly.channel.sms.url");
    }

    @Test
    void brokenYamlIsReportedWhereTheParserGaveUp() throws Exception {
        write(routes.resolve("mine.camel.yaml"), """
                - route:
                    id: mine
                    from:
                      uri: direct:mine
                      steps:
                       - log: one
                      - log: two
                """);
        assertThat(lint()).singleElement().satisfies(f -> {
            assertThat(f.file()).endsWith("routes/mine.camel.yaml");
            assertThat(f.line()).isEqualTo(7);
            assertThat(f.rule()).isEqualTo("route/syntax");
            assertThat(f.isError()).isTrue();
        });
    }

    @Test
    void aMisspeltStepIsNamedWithItsLine() throws Exception {
        replace(cycle, "        - to: direct:kindly-cycle", "        - too: direct:kindly-cycle");
        assertThat(lint()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("route/syntax");
            assertThat(f.line()).isEqualTo(TestConfig.lineOf(cycle, "- too: direct:kindly-cycle"));
            assertThat(f.message()).contains("too");
        });
    }

    @Test
    void aBeanStepMustNameABeanKindlyHasAndAMethodItHas() throws Exception {
        replace(cycle, "method: plan", "method: plna");
        replace(cycle, "ref: recipients", "ref: recipient");
        List<Finding> found = lint();
        assertThat(found).extracting(Finding::rule).containsOnly("route/bean");
        assertThat(found).anySatisfy(f -> {
            assertThat(f.line()).isEqualTo(TestConfig.lineOf(cycle, "method: plna") - 2); // the line of "- bean:"
            assertThat(f.message()).contains("bean 'planner' has no method 'plna'", "plan");
        });
        assertThat(found).anySatisfy(f -> assertThat(f.message()).contains("no bean named 'recipient'", "recipients"));
        assertThat(found).hasSize(2);
    }

    @Test
    void aRouteThatSendsWithoutClaimingIsRefused() throws Exception {
        // an edit that skips the claim: straight from the decision to delivery
        replace(cycle, "                              - to: direct:kindly-send",
                "                              - to: direct:kindly-deliver");
        write(routes.resolve("shortcut.camel.yaml"), """
                - route:
                    id: shortcut
                    from:
                      uri: direct:shortcut
                      steps:
                        - toD: "direct:kindly-channel-${exchangeProperty.KindlyContact.channelId}"
                """);
        List<Finding> found = lint();
        assertThat(found).extracting(Finding::rule).containsOnly("route/claim");
        assertThat(found).anySatisfy(f -> {
            assertThat(f.file()).endsWith("routes/cycle.camel.yaml");
            assertThat(f.line()).isEqualTo(TestConfig.lineOf(cycle, "- to: direct:kindly-deliver"));
            assertThat(f.isError()).isTrue();
            assertThat(f.message()).contains("direct:kindly-deliver", "ledger", "claim");
        });
        assertThat(found).anySatisfy(f -> assertThat(f.file()).endsWith("routes/shortcut.camel.yaml"));
        assertThat(found).hasSize(2);
    }

    @Test
    void aFilterOrSplitCallingABeanIsCheckedToo() throws Exception {
        replace(cycle, "method: isOpen", "method: isopen");
        assertThat(lint()).singleElement().satisfies(f -> assertThat(f.message()).contains("no method 'isopen'"));
    }

    @Test
    void aPlaceholderWithoutAValueIsAnErrorUnlessItHasADefault() throws Exception {
        write(routes.resolve("mine.camel.yaml"), """
                - route:
                    id: mine
                    from:
                      uri: "timer:mine?period={{kindly.mine.period}}"
                      steps:
                        - log: "{{kindly.mine.text:hello}}"
                """);
        RouteLint.Result result = lint(Map.of());
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("route/placeholder");
            assertThat(f.line()).isEqualTo(4);
            assertThat(f.message()).contains("{{kindly.mine.period}}");
        });
        assertThat(result.placeholders()).contains("kindly.mine.period", "kindly.mine.text");
        assertThat(lint(Map.of("kindly.mine.period", "1000")).findings()).isEmpty();
    }

    @Test
    void sendingToADirectEndpointNoRouteReadsIsAnError() throws Exception {
        replace(cycle, "- to: direct:kindly-release\n", "- to: direct:kindly-relaese\n");
        assertThat(lint()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("route/direct");
            assertThat(f.message()).contains("direct:kindly-relaese");
        });
    }

    @Test
    void aRouteSwitchedOffByItsPreconditionDoesNotExist() throws Exception {
        write(routes.resolve("mine.camel.yaml"), """
                - route:
                    id: mine
                    precondition: "{{kindly.demo.enabled}}"
                    from:
                      uri: direct:mine
                      steps:
                        - log: mine
                - route:
                    id: caller
                    from:
                      uri: timer:caller?repeatCount=1
                      steps:
                        - to: direct:mine
                """);
        assertThat(lint(Map.of("kindly.demo.enabled", "true")).findings()).isEmpty();
        assertThat(lint(Map.of("kindly.demo.enabled", "false")).findings()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("direct:mine", "no route reads from it"));
    }

    @Test
    void aChannelMadeFromTheTemplateIsCheckedWithItsOwnParameters() throws Exception {
        Path channels = routes.resolve("channels/channels.camel.yaml");
        replace(channels, "value: inAppWebhook", "value: pushNotifier");
        replace(channels, "value: \"{{kindly.channel.sms.url}}\"", "value: \"{{kindly.channel.sms.gateway-url}}\"");
        write(routes.resolve("channels/push.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: kindly-channel
                    routeId: kindly-channel-push
                    parameters:
                      - name: channel
                        value: push
                      - name: adapter
                        value: smsGateway
                """);

        List<Finding> findings = lint(Map.of("kindly.channel.push.enabled", "true")).findings();

        // the in-app instance names a bean Kindly lacks; the sms instance a key config/ lacks; the push instance sets
        // no endpoint, and config/ has none of its rate or breaker settings
        // both of the template's bean steps (prepare, readAnswer), where the template writes them
        assertThat(findings).filteredOn(f -> f.rule().equals("route/bean")).hasSize(2)
                .allSatisfy(f -> assertThat(f.message()).contains("no bean named 'pushNotifier'"))
                .allSatisfy(f -> assertThat(f.file()).endsWith("routes/channels/channel-template.camel.yaml"));
        assertThat(findings).filteredOn(f -> f.rule().equals("route/placeholder"))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("{{kindly.channel.sms.gateway-url}}"))
                .anySatisfy(m -> assertThat(m).contains("{{kindly.channel.push.rate-per-second}}"));
        assertThat(findings).filteredOn(f -> f.rule().equals("route/template")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("'kindly-channel-push'").contains("'endpoint'"));
        assertThat(findings).allSatisfy(f -> assertThat(f.isError()).isTrue());
    }

    @Test
    void aRouteNeedsAnIdAndIdsAreUnique() throws Exception {
        write(routes.resolve("mine.camel.yaml"), """
                - route:
                    from:
                      uri: timer:a?repeatCount=1
                      steps:
                        - log: a
                - route:
                    id: kindly-cycle
                    from:
                      uri: timer:b?repeatCount=1
                      steps:
                        - log: b
                """);
        List<Finding> found = lint();
        assertThat(found).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("route/id");
            assertThat(f.isError()).isFalse();
            assertThat(f.line()).isEqualTo(1);
        });
        assertThat(found).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("route/id");
            assertThat(f.isError()).isTrue();
            assertThat(f.message()).contains("'kindly-cycle' is used twice");
        });
    }
}
