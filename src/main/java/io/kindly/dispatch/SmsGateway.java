package io.kindly.dispatch;

import io.kindly.domain.Contact;
import io.kindly.render.TemplateProblem;
import io.kindly.render.TemplateRenderer;
import io.kindly.shared.SmsSegments;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Turns a claimed SMS into the gateway's HTTP request and reads the gateway's answer. Gateways differ: JSON or form
 * POST, or GET with query parameters; a token header or basic authentication; the message id and the verdict in JSON
 * or in plain text. The request comes from a template ({@code kindly.channel.sms.request-template}) and the rest from
 * {@code config/channels.properties}, so a lender adapts Kindly to their gateway without code.
 *
 * <p>The template sees the message ({@code to}, {@code text}, {@code senderId}, {@code messageId}), its coding
 * ({@code coding}: {@code GSM-7} or {@code UCS-2}, and {@code parts}, the SMS it is billed as), where the gateway is
 * to send the delivery receipt ({@code receiptUrl}, to which a template adds {@code messageId} as Kindly's reference),
 * and the gateway's credentials ({@code username}, {@code password}, {@code account}, {@code apiKey},
 * {@code apiSecret}; from the environment, never logged).
 */
public final class SmsGateway implements ChannelAdapter {
    private final ChannelSettings.Sms settings;
    private final TemplateRenderer renderer;
    /** A template-mode vendor's API (preset aliyun or tencent), else null. */
    private final CloudSms cloud;

    public SmsGateway(ChannelSettings.Sms settings, TemplateRenderer renderer) {
        this.settings = settings;
        this.renderer = renderer;
        this.cloud = cloudSms(settings, java.time.Clock.systemUTC());
    }

    /** The vendor's API for template mode; the request is signed with the real time, as the vendor checks it. */
    static CloudSms cloudSms(ChannelSettings.Sms settings, java.time.Clock clock) {
        ChannelSettings.TemplateMode mode = settings.templateMode();
        if (mode == null) {
            return null;
        }
        ChannelSettings.Credentials c = settings.credentials();
        return mode.vendor().equals("tencent")
                ? new TencentSms(c.apiKey(), c.apiSecret(), mode.appId(), mode.region(), settings.url(), clock)
                : new AliyunSms(c.apiKey(), c.apiSecret(), mode.region(), clock);
    }

    /** Route step before the HTTP call; runs again before every retry. */
    @Override
    public void prepare(Exchange exchange) throws TemplateProblem, GatewayAnswerException {
        Contact contact = Dispatch.claimedContact(exchange);
        if (cloud != null) {
            prepareTemplateMode(exchange, contact);
            return;
        }
        ChannelSettings.HttpGateway gateway = settings.gateway();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("to", contact.recipient());
        model.put("text", contact.message().body());
        model.put("senderId", settings.senderIdFor(io.kindly.shared.Regions.known(contact.account())));
        model.put("messageId", contact.id());
        // each message's own coding: an English reminder stays GSM-7 even where the Chinese ones need UCS-2
        SmsSegments segments = SmsSegments.of(contact.message().body());
        model.put("coding", segments.gsm7() ? "GSM-7" : "UCS-2");
        model.put("parts", segments.segments());
        model.put("receiptUrl", settings.receiptUrl());
        ChannelSettings.Credentials credentials = settings.credentials();
        model.put("username", credentials.username());
        model.put("password", credentials.password());
        model.put("account", credentials.account());
        model.put("apiKey", credentials.apiKey());
        model.put("apiSecret", credentials.apiSecret());
        String rendered = renderer.renderTransport(gateway.requestTemplate(), model);

        Message out = exchange.getMessage();
        // the enum camel-http wants: a String would go through a slow type-converter lookup on every request
        out.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(gateway.method()));
        if (gateway.method().equals("GET")) {
            // the query set here replaces the endpoint's own, so the one in kindly.channel.sms.url goes first
            String query = rendered.startsWith("?") ? rendered.substring(1) : rendered;
            String own = settings.url() == null ? null : settings.url().getRawQuery();
            out.setHeader(Exchange.HTTP_QUERY, own == null || own.isEmpty() ? query
                    : query.isEmpty() ? own : own + "&" + query);
            out.setBody(null);
        } else {
            out.setHeader(Exchange.CONTENT_TYPE, gateway.contentType());
            out.setBody(rendered);
        }
        out.setHeader("Idempotency-Key", contact.id());
        ChannelSettings.Auth auth = gateway.auth();
        switch (auth.type()) {
            case "header" -> out.setHeader(auth.header(), auth.value());
            case "basic" -> out.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (auth.username() + ":" + auth.password()).getBytes(StandardCharsets.UTF_8)));
            default -> { }
        }
    }

    /**
     * Template mode: the registered template's code for the lender's copy the message was rendered from, and its
     * variables' values read back out of the recorded text ({@link RegisteredTemplate}).
     */
    private void prepareTemplateMode(Exchange exchange, Contact contact) throws TemplateProblem,
            GatewayAnswerException {
        String file = contact.message().template();
        ChannelSettings.TemplateMode mode = settings.templateMode();
        String code = mode.codeFor(file).orElseThrow(() -> new TemplateProblem(file + ": no registered template "
                + "code for it (kindly.channel.sms.template-code." + file.replaceFirst("/sms_", ".")
                .replaceFirst("\\.ftl$", "") + ")"));
        String source;
        try {
            source = java.nio.file.Files.readString(renderer.dir().resolve(file), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new TemplateProblem(file + ": cannot be read: " + e.getMessage());
        }
        Map<String, String> values = RegisteredTemplate.of(file, source).values(file, contact.message().body());
        cloud.prepare(exchange.getMessage(), new CloudSms.Send(contact.recipient(), contact.id(), mode.signName(),
                code, values));
    }

    /**
     * Route step after a 2xx answer: reads the verdict where the gateway puts one in its answer (a refusal throws,
     * like the HTTP error it stands for), and the gateway's id for the message.
     */
    @Override
    public void readAnswer(Exchange exchange) throws GatewayAnswerException {
        ChannelSettings.HttpGateway gateway = settings.gateway();
        String answer = exchange.getMessage().getBody(String.class);
        if (cloud != null) {
            exchange.getMessage().setHeader(Dispatch.GATEWAY_MESSAGE_ID, cloud.read(answer));
            return;
        }
        if (gateway.mapsStatus()) {
            String status = !gateway.statusPointer().isEmpty() ? Dispatch.jsonField(answer, gateway.statusPointer())
                    : group(gateway.statusPattern(), answer);
            if (status == null || !gateway.accepted().contains(status.strip())) {
                throw new GatewayAnswerException(status, status != null && gateway.retry().contains(status.strip()),
                        answer);
            }
        }
        String id = gateway.messageIdPattern() != null ? group(gateway.messageIdPattern(), answer)
                : Dispatch.jsonField(answer, gateway.messageIdPointer());
        exchange.getMessage().setHeader(Dispatch.GATEWAY_MESSAGE_ID, id);
    }

    private static String group(java.util.regex.Pattern pattern, String text) {
        if (pattern == null || text == null) {
            return null;
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
