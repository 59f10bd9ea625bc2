package io.kindly.dispatch;

import io.kindly.shared.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Stage;
import io.kindly.render.LenderProfile;
import io.kindly.render.TemplateRenderer;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped channel routes (the template {@code routes/channels/channel-template.camel.yaml} and its instances in {@code channels.camel.yaml}) on their own, with camel-test-junit5: each turns a
 * claimed contact into a real request to a loopback server and reports the gateway's id, or fails with the gateway's
 * error for the send route to record.
 */
class ChannelRoutesTest extends CamelTestSupport {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);
    static final String SECRET = "channel-test-secret-0123456789";
    static final LenderProfile LENDER = new LenderProfile("Demo Lender", Map.of("zh-TW", "示範貸"), "+86 400 000 0000",
            "https://help.example.com", "https://help.example.com/plan", "https://pay.example.com",
            "https://help.example.com/reminders");

    static LoopbackHttpServer gateway;
    static LoopbackHttpServer webhook;
    static GreenMail mail;

    @BeforeAll
    static void servers() throws Exception {
        gateway = new LoopbackHttpServer(r -> Response.json(200, "{\"data\":{\"id\":\"gw-42\"}}"));
        webhook = new LoopbackHttpServer(r -> Response.json(202, "{\"id\":\"app-7\"}"));
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
    }

    @AfterAll
    static void stopServers() {
        gateway.close();
        webhook.close();
        mail.stop();
    }

    @BeforeEach
    void clear() throws Exception {
        gateway.clear();
        webhook.clear();
        mail.purgeEmailFromAllMailboxes();
        gateway.respondWith(r -> Response.json(200, "{\"data\":{\"id\":\"gw-42\"}}"));
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties p = new Properties();
        p.put("kindly.channel.sms.url", gateway.url("/v1/messages"));
        p.put("kindly.channel.sms.rate-per-second", "100");
        p.put("kindly.channel.email.uri", "smtp://127.0.0.1:" + mail.getSmtp().getPort());
        p.put("kindly.channel.email.rate-per-second", "100");
        p.put("kindly.channel.inapp.url", webhook.url("/hooks"));
        p.put("kindly.channel.inapp.rate-per-second", "100");
        for (String channel : List.of("sms", "email", "inapp")) {
            p.put("kindly.channel." + channel + ".breaker.failure-rate", "50");
            p.put("kindly.channel." + channel + ".breaker.minimum-calls", "10");
            p.put("kindly.channel." + channel + ".breaker.window", "20");
            p.put("kindly.channel." + channel + ".breaker.open-seconds", "30");
            p.put("kindly.channel." + channel + ".breaker.slow-call-seconds", "10");
        }
        configuration.withUseOverridePropertiesWithPropertiesComponent(p);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        TemplateRenderer renderer = new TemplateRenderer(Path.of("templates"), LENDER, Locale.ENGLISH, Map.of(),
                "STOP", id -> "https://kindly.example/optout/" + id, CLOCK, 0);
        ChannelSettings.Breaker breaker = new ChannelSettings.Breaker(50, 10, 20, 30, 10);
        ChannelSettings.HttpGateway json = new ChannelSettings.HttpGateway("POST", "application/json; charset=UTF-8",
                "_gateway/sms-json.ftl", new ChannelSettings.Auth("header", "X-Api-Key", "key-123", "", ""), "/data/id",
                null, "", null, Set.of(), Set.of());
        registry.bind("smsGateway", new SmsGateway(new ChannelSettings.Sms(true, URI.create(gateway.url("/v1/messages")),
                json, "LENDER", 100, "STOP", true, breaker), renderer));
        registry.bind("emailChannel", new EmailChannel(new ChannelSettings.Email(true, "smtp://x",
                "Demo Lender <reminders@lender.example>", "", "lender.example", 100, breaker),
                id -> "https://kindly.example/optout/" + id));
        registry.bind("inAppWebhook", new InAppWebhook(new ChannelSettings.InApp(true, URI.create(webhook.url("/hooks")),
                SECRET, "X-Kindly-Signature", "/id", 100, true, breaker), CLOCK));
        registry.bind("renderer", renderer);
        registry.bind("gatewayLatency", new GatewayLatency());
    }

    /** The channel routes exactly as shipped. */
    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        // as Kindly wires it: the email route's smtp:// endpoint sends over kept-open connections
        SmtpConnections.install(context, new ChannelSettings.Email(true, "smtp://x", "", "", "lender.example", 100,
                new ChannelSettings.Breaker(50, 10, 20, 30, 10)));
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);
        List<Resource> resources = List.of("channel-template", "channels").stream()
                .map(f -> PluginHelper.getResourceLoader(context).resolveResource("file:routes/channels/" + f + ".camel.yaml"))
                .toList();
        Collection<RoutesBuilder> builders = loader.findRoutesBuilders(resources);
        return builders.toArray(RoutesBuilder[]::new);
    }

    Exchange send(Channel channel) throws Exception {
        return send(channel, true);
    }

    Exchange send(Channel channel, boolean claimed) throws Exception {
        Account account = new Account("B1", "L0001234", "陳怡君", Checked.ok(Locale.forLanguageTag("zh-TW")),
                ZoneId.of("Asia/Taipei"), Checked.ok("+886912345678"), Checked.ok("yi@example.com"),
                Checked.ok("app-9"), new BigDecimal("1500"), Currency.getInstance("TWD"), DATE, 0, null, "row 1",
                List.of());
        Contact contact = new Contact(account, new Stage("due-today", 0, List.of(channel), "due-today"), channel, DATE,
                "run");
        contact.recipient(account.addressFor(channel).value());
        TemplateRenderer renderer = context.getRegistry().lookupByNameAndType("renderer", TemplateRenderer.class);
        contact.message(renderer.renderFor(contact, DATE));
        if (claimed) {
            // the channel route alone: the claim the send route would have made is taken as made
            contact.markClaimed("channel-routes-test");
        }
        return template.request("direct:kindly-channel-" + channel.id(), ex -> {
            ex.setProperty(Dispatch.CONTACT, contact);
            ex.getMessage().setBody(contact);
            ex.getMessage().setHeader("KindlyInternal", "must not leak");
        });
    }

    @Test
    void smsPostsTheGatewayRequestAndReadsItsId() throws Exception {
        Exchange result = send(Channel.SMS);

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(Dispatch.GATEWAY_MESSAGE_ID)).isEqualTo("gw-42");
        LoopbackHttpServer.Request request = gateway.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("X-Api-Key")).isEqualTo("key-123");
        assertThat(request.header("KindlyInternal")).isNull();
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("to").asText()).isEqualTo("+886912345678");
        assertThat(body.get("from").asText()).isEqualTo("LENDER");
        assertThat(body.get("text").asText()).startsWith("【示範貸】陳怡君，您好！").contains("回覆STOP取消提醒");
        assertThat(body.get("reference").asText()).isEqualTo(request.header("Idempotency-Key")).startsWith("k1-");
    }

    @Test
    void aGatewayRefusalFailsTheExchangeWithItsStatus() throws Exception {
        gateway.respondWith(r -> Response.json(400, "{\"error\":\"invalid destination\"}"));

        Exchange result = send(Channel.SMS);

        assertThat(result.getException()).isNotNull();
        SendFailure failure = SendFailure.of(result.getException());
        assertThat(failure.reason()).isEqualTo(io.kindly.domain.Reason.GATEWAY_REJECTED);
        assertThat(failure.forLedger()).isEqualTo("HTTP 400: {\"error\":\"invalid destination\"}");
        assertThat(failure.forLog()).isEqualTo("HTTP 400");
    }

    @Test
    void emailGoesOutAsMultipartAlternativeWithAUtf8Subject() throws Exception {
        Exchange result = send(Channel.EMAIL);

        assertThat(result.getException()).isNull();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("您的 NT$1,500.00 還款今天到期");
        assertThat(m.getFrom()[0].toString()).isEqualTo("Demo Lender <reminders@lender.example>");
        assertThat(m.getHeader("KindlyInternal")).isNull();
        assertThat(result.getMessage().getHeader(Dispatch.GATEWAY_MESSAGE_ID)).isEqualTo(m.getMessageID())
                .asString().endsWith("@lender.example>");
        Multipart parts = (Multipart) m.getContent();
        assertThat(parts.getBodyPart(0).getContent().toString()).contains("還款連結：");
        assertThat(parts.getBodyPart(1).getContent().toString()).contains("<html lang=\"zh-TW\">");
    }

    @Test
    void inAppPostsSignedJsonWithAnIdempotencyKey() throws Exception {
        Exchange result = send(Channel.INAPP);

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getHeader(Dispatch.GATEWAY_MESSAGE_ID)).isEqualTo("app-7");
        LoopbackHttpServer.Request request = webhook.requests().get(0);
        assertThat(WebhookSignature.verify(SECRET, request.body(), request.header("X-Kindly-Signature"))).isTrue();
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertThat(body.get("id").asText()).isEqualTo(request.header("Idempotency-Key"));
        assertThat(body.get("appUserId").asText()).isEqualTo("app-9");
        assertThat(body.get("title").asText()).contains("還款今天到期");
    }

    @Test
    void aContactThatWasNeverClaimedReachesNoChannel() throws Exception {
        for (Channel channel : Channel.values()) {
            Exchange result = send(channel, false);

            assertThat(result.getException()).as(channel.id()).isInstanceOf(UnclaimedSendException.class);
            assertThat(SendFailure.of(result.getException()).permanent()).isTrue();
        }
        assertThat(gateway.requests()).isEmpty();
        assertThat(webhook.requests()).isEmpty();
        assertThat(mail.getReceivedMessages()).isEmpty();
    }
}
