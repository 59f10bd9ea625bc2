package io.kindly.dispatch;

import io.kindly.shared.WebhookSignature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.domain.Account;
import io.kindly.domain.Contact;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a claimed in-app message into a signed JSON webhook call to the lender's app backend.
 *
 * <p>Headers: {@code X-Kindly-Signature} (HMAC-SHA256 over the body, see {@link WebhookSignature}) and
 * {@code Idempotency-Key} (the contact id, the same on every retry), so the app can drop a repeated delivery.
 */
public final class InAppWebhook implements ChannelAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChannelSettings.InApp settings;
    private final Clock clock;

    public InAppWebhook(ChannelSettings.InApp settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void prepare(Exchange exchange) throws JsonProcessingException {
        Contact contact = Dispatch.claimedContact(exchange);
        byte[] body = JSON.writeValueAsBytes(payload(contact));
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST); // the enum camel-http wants, no conversion
        out.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        out.setHeader(settings.signatureHeader(), WebhookSignature.sign(settings.secret(), body));
        out.setHeader("Idempotency-Key", contact.id());
        out.setBody(body);
    }

    @Override
    public void readAnswer(Exchange exchange) {
        Dispatch.takeGatewayId(exchange, settings.messageIdPointer());
    }

    Map<String, Object> payload(Contact contact) {
        Account a = contact.account();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", contact.id());
        p.put("type", "repayment-reminder");
        p.put("appUserId", contact.recipient());
        p.put("loanId", a.loanId());
        p.put("stage", contact.stage().name());
        p.put("locale", contact.message().locale().toLanguageTag());
        p.put("title", contact.message().subject());
        p.put("body", contact.message().body());
        p.put("amountDue", a.amountDue().toPlainString());
        p.put("currency", a.currency().getCurrencyCode());
        p.put("dueDate", a.dueDate().toString());
        p.put("sentAt", clock.instant().toString());
        return p;
    }
}
