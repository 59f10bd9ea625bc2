package io.kindly.inbound;

import io.kindly.domain.Channel;
import io.kindly.ledger.LedgerStore;
import io.kindly.policy.PolicyStore;
import io.kindly.render.LenderProfile;
import io.kindly.shared.PhoneNumbers;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The other end of the unsubscribe link in every message ({@code routes/inbound/optout.camel.yaml}).
 *
 * <p>GET shows a page with one button, and changes nothing: mail scanners open links on their own, and must not
 * unsubscribe anyone. POST (the button, or an email client's one-click unsubscribe under RFC 8058) records an opt-out
 * for that channel at that address, which stops every later message there from the next claim on.
 */
public final class OptOutEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(OptOutEndpoint.class);

    private final OptOutLinks links;
    private final LedgerStore ledger;
    private final PolicyStore policy;
    private final LenderProfile lender;

    public OptOutEndpoint(OptOutLinks links, LedgerStore ledger, PolicyStore policy, LenderProfile lender) {
        this.links = links;
        this.ledger = ledger;
        this.policy = policy;
        this.lender = lender;
    }

    /** GET: the confirmation page. */
    public void page(Exchange exchange) {
        Optional<LedgerStore.Delivery> d = delivery(exchange);
        if (d.isEmpty()) {
            return;
        }
        Words w = Words.of(d.get().locale());
        String name = lender.nameFor(locale(d.get()));
        String body = "<p>" + esc(w.question(channelName(w, d.get()), name, masked(d.get()))) + "</p>"
                + "<form method=\"post\"><button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + esc(w.button()) + "</button></form>";
        InboundReply.html(exchange, 200, page(w, body));
    }

    /** POST: records the opt-out. */
    public void optOut(Exchange exchange) {
        Optional<LedgerStore.Delivery> found = delivery(exchange);
        if (found.isEmpty()) {
            return;
        }
        LedgerStore.Delivery d = found.get();
        Channel channel = Channel.byId(d.channel()).orElseThrow();
        PolicyStore.OptOut o = policy.optOut(channel, d.recipient(), null, "unsubscribe link",
                "from message " + d.contactId() + " (loan " + d.loanId() + ")");
        LOG.info("{}: opt-out {} recorded for {} from an unsubscribe link", d.contactId(), o.id(), channel);
        Words w = Words.of(d.locale());
        String name = lender.nameFor(locale(d));
        InboundReply.html(exchange, 200, page(w, "<p>" + esc(w.done(channelName(w, d), name, masked(d),
                lender.supportPhone())) + "</p>"));
    }

    private Optional<LedgerStore.Delivery> delivery(Exchange exchange) {
        String token = exchange.getMessage().getHeader("token", String.class);
        Optional<String> contactId = links.contactOf(token);
        if (contactId.isEmpty()) {
            InboundReply.error(exchange, 400, "this unsubscribe link is not valid");
            return Optional.empty();
        }
        Optional<LedgerStore.Delivery> d = ledger.deliveryOf(contactId.get());
        if (d.isEmpty()) {
            InboundReply.error(exchange, 404, "no message was sent with this link");
        }
        return d;
    }

    private static Locale locale(LedgerStore.Delivery d) {
        return d.locale() == null ? Locale.ENGLISH : Locale.forLanguageTag(d.locale());
    }

    private static String channelName(Words w, LedgerStore.Delivery d) {
        return w.channel(d.channel());
    }

    private static String masked(LedgerStore.Delivery d) {
        String r = d.recipient();
        if (d.channel().equals(Channel.SMS.id())) {
            return PhoneNumbers.mask(r);
        }
        int at = r.indexOf('@');
        return at > 1 ? r.charAt(0) + "***" + r.substring(at) : r;
    }

    private static String esc(String s) {
        return InboundReply.escapeHtml(s);
    }

    private static String page(Words w, String body) {
        return "<!DOCTYPE html><html lang=\"" + w.lang + "\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(w.title())
                + "</title></head><body style=\"font-family:Arial,'PingFang SC','Microsoft JhengHei',sans-serif;"
                + "max-width:480px;margin:40px auto;padding:0 16px;line-height:1.6;color:#1f2933\">"
                + "<h1 style=\"font-size:20px\">" + esc(w.title()) + "</h1>" + body + "</body></html>";
    }

    /** The few sentences of these pages, in the language of the message the link came in. */
    private record Words(String lang, Map<String, String> t) {
        static Words of(String locale) {
            String tag = locale == null ? "en" : locale;
            if (tag.startsWith("zh-TW") || tag.startsWith("zh-HK") || tag.startsWith("zh-Hant")) {
                return new Words("zh-TW", Map.of("title", "停止提醒", "sms", "簡訊", "email", "電子郵件", "inapp", "App 通知",
                        "question", "要停止%2$s傳送到 %3$s 的%1$s還款提醒嗎？", "button", "停止這些提醒",
                        "done", "已完成。%2$s不會再傳送%1$s還款提醒到 %3$s。如有需要，請撥打 %4$s。"));
            }
            if (tag.startsWith("zh")) {
                return new Words("zh-CN", Map.of("title", "停止提醒", "sms", "短信", "email", "电子邮件", "inapp", "App 通知",
                        "question", "要停止%2$s发送到 %3$s 的%1$s还款提醒吗？", "button", "停止这些提醒",
                        "done", "已完成。%2$s不会再发送%1$s还款提醒到 %3$s。如有需要，请致电 %4$s。"));
            }
            return new Words("en", Map.of("title", "Stop reminders", "sms", "SMS", "email", "email", "inapp", "in-app",
                    "question", "Stop %1$s repayment reminders from %2$s to %3$s?", "button", "Stop these reminders",
                    "done", "Done. %2$s will not send %1$s repayment reminders to %3$s any more. If you need us, call %4$s."));
        }

        String title() {
            return t.get("title");
        }

        String channel(String id) {
            return t.getOrDefault(id, id);
        }

        String question(String channel, String lender, String address) {
            return String.format(t.get("question"), channel, lender, address);
        }

        String button() {
            return t.get("button");
        }

        String done(String channel, String lender, String address, String phone) {
            return String.format(t.get("done"), channel, lender, address, phone);
        }
    }
}
