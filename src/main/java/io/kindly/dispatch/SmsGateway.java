package io.kindly.dispatch;

import io.kindly.domain.Contact;
import io.kindly.render.TemplateProblem;
import io.kindly.render.TemplateRenderer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a claimed SMS into the gateway's HTTP request and reads the gateway's answer. The request body comes from a
 * template ({@code kindly.channel.sms.request-template}), so a lender adapts to their gateway's API in a template,
 * not in code.
 */
public final class SmsGateway {
    private final ChannelSettings.Sms settings;
    private final TemplateRenderer renderer;

    public SmsGateway(ChannelSettings.Sms settings, TemplateRenderer renderer) {
        this.settings = settings;
        this.renderer = renderer;
    }

    /** Route step before the HTTP call. */
    public void prepareRequest(Exchange exchange) throws TemplateProblem {
        Contact contact = Dispatch.contact(exchange);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("to", contact.recipient());
        model.put("text", contact.message().body());
        model.put("senderId", settings.senderId());
        model.put("messageId", contact.id());
        String body = renderer.renderTransport(settings.requestTemplate(), model);

        Message out = exchange.getMessage();
        // nothing of the pipeline may leak into the request as HTTP headers
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_METHOD, "POST");
        out.setHeader(Exchange.CONTENT_TYPE, settings.contentType());
        out.setHeader("Idempotency-Key", contact.id());
        if (!settings.authHeader().isEmpty()) {
            out.setHeader(settings.authHeader(), settings.authValue());
        }
        out.setBody(body);
    }

    /** Route step after the HTTP call (only reached on a 2xx answer). */
    public void readResponse(Exchange exchange) {
        Dispatch.takeGatewayId(exchange, settings.messageIdPointer());
    }
}
