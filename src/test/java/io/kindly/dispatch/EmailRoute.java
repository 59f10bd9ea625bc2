package io.kindly.dispatch;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Stage;
import io.kindly.render.TemplateRenderer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shipped email channel route (the template in {@code routes/channels/channel-template.camel.yaml}, instance {@code kindly-channel-email}) on a Camel context of its own, wired as
 * Kindly wires it ({@link SmtpConnections#install}), sending rendered reminders to contact number 0, 1, 2, ...: each
 * contact has its own loan, address ({@code b<n>@example.com}) and so its own Message-ID. The throttle and the breaker
 * are set out of the way.
 */
final class EmailRoute implements AutoCloseable {
    static final ChannelSettings.Breaker OUT_OF_THE_WAY = new ChannelSettings.Breaker(100, 10_000, 10_000, 30, 60);

    private final CamelContext context;
    private final ProducerTemplate template;
    private final io.kindly.domain.Message message;

    private EmailRoute(CamelContext context) throws Exception {
        this.context = context;
        this.template = context.createProducerTemplate();
        TemplateRenderer renderer = new TemplateRenderer(Path.of("templates"), ChannelRoutesTest.LENDER,
                Locale.ENGLISH, Map.of(), "STOP", id -> "https://kindly.example/optout/" + id, ChannelRoutesTest.CLOCK, 0);
        this.message = renderer.renderFor(contact(0, null), ChannelRoutesTest.DATE);
    }

    /**
     * @param pooled false: camel-mail's own sender, one connection per message (for comparison)
     */
    static EmailRoute start(String uri, int connections, int idleSeconds, boolean pooled) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.put("kindly.channel.email.uri", uri);
        p.put("kindly.channel.email.rate-per-second", "1000000");
        p.put("kindly.channel.email.breaker.failure-rate", "100");
        p.put("kindly.channel.email.breaker.minimum-calls", "10000");
        p.put("kindly.channel.email.breaker.window", "10000");
        p.put("kindly.channel.email.breaker.open-seconds", "30");
        p.put("kindly.channel.email.breaker.slow-call-seconds", "60");
        context.getPropertiesComponent().setOverrideProperties(p);
        ChannelSettings.Email email = new ChannelSettings.Email(true, uri, "Demo Lender <reminders@lender.example>",
                "help@lender.example", "lender.example", 1_000_000, OUT_OF_THE_WAY, connections, idleSeconds);
        context.getRegistry().bind("emailChannel", new EmailChannel(email, id -> "https://kindly.example/optout/" + id));
        context.getRegistry().bind("gatewayLatency", new GatewayLatency());
        if (pooled) {
            SmtpConnections.install(context, email);
        }
        // the shipped channel template and its instances; only email is switched on here
        p.put("kindly.channel.sms.enabled", "false");
        p.put("kindly.channel.inapp.enabled", "false");
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("file:routes/channels/channel-template.camel.yaml"),
                PluginHelper.getResourceLoader(context).resolveResource("file:routes/channels/channels.camel.yaml"));
        context.start();
        return new EmailRoute(context);
    }

    CamelContext camel() {
        return context;
    }

    /** Sends contact {@code n} through the route; the exchange carries the failure, if any. */
    Exchange send(int n) {
        return send(contact(n, message));
    }

    private Exchange send(Contact contact) {
        return template.request("direct:kindly-channel-email", ex -> {
            ex.setProperty(Dispatch.CONTACT, contact);
            ex.getMessage().setBody(contact);
        });
    }

    /** Sends contacts {@code from .. from + count - 1} on {@code threads} threads; returns the failed exchanges. */
    List<Exchange> sendAll(int from, int count, int threads) throws Exception {
        List<Contact> contacts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            contacts.add(contact(from + i, message));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Exchange> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        Exchange result = send(contacts.get(i));
                        if (result.getException() != null) {
                            failed.add(result);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return failed;
    }

    /** The Message-ID header of contact {@code n}'s email. */
    static String messageId(int n) {
        return "<" + contact(n, null).id() + "@lender.example>";
    }

    static String address(int n) {
        return "b" + n + "@example.com";
    }

    static Contact contact(int n, io.kindly.domain.Message message) {
        Account account = new Account("B" + n, "L" + n, "陳怡君", Checked.ok(Locale.forLanguageTag("zh-TW")),
                ZoneId.of("Asia/Taipei"), Checked.ok("+886912345678"), Checked.ok(address(n)), Checked.ok("app-9"),
                new BigDecimal("1500"), Currency.getInstance("TWD"), ChannelRoutesTest.DATE, 0, null, "row " + n,
                List.of());
        Contact contact = new Contact(account, new Stage("due-today", 0, List.of(Channel.EMAIL), "due-today"),
                Channel.EMAIL, ChannelRoutesTest.DATE, "email-route");
        contact.recipient(account.addressFor(Channel.EMAIL).value());
        // the email route alone: the claim kindly-send would have made is taken as made
        contact.markClaimed("email-route");
        if (message != null) {
            contact.message(message);
        }
        return contact;
    }

    @Override
    public void close() throws Exception {
        template.close();
        context.stop();
    }
}
