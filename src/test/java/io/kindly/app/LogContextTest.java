package io.kindly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.TestLoanBook;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kindly.support.TestLoanBook.loan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON log layout (config/log4j2-json.xml with config/log4j2-event.json) keeps the masks and prints the run and
 * contact ids; and the lines Kindly writes about a message carry those ids, whichever thread writes them.
 */
class LogContextTest {
    @TempDir
    Path dir;

    @Test
    void theJsonLayoutPrintsTheIdsAndMasksAddresses() throws Exception {
        // the template exactly as config/log4j2-json.xml holds it
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("config/log4j2-json.xml").toFile());
        String template = xml.getElementsByTagName("Property").item(0).getTextContent();
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(new DefaultConfiguration())
                .setEventTemplate(template).build();
        SortedArrayStringMap mdc = new SortedArrayStringMap();
        mdc.putValue("kindly.run", "run-1");
        mdc.putValue("kindly.contact", "k1-0123");
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("io.kindly.dispatch.SendOutcomes")
                .setLevel(Level.WARN).setContextData(mdc).setTimeMillis(Instant.parse("2026-11-25T02:30:00Z")
                        .toEpochMilli())
                .setMessage(new SimpleMessage("k1-0123 FAILED: +86 138 0013 8000 refused, wang@example.com")).build();
        JsonNode line = new ObjectMapper().readTree(layout.toSerializable(event));
        assertThat(line.get("time").asText()).isEqualTo("2026-11-25T02:30:00.000Z");
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("run").asText()).isEqualTo("run-1");
        assertThat(line.get("contact").asText()).isEqualTo("k1-0123");
        assertThat(line.get("message").asText()).isEqualTo("k1-0123 FAILED: [number] refused, [email]");
    }

    @Test
    void aMessagesLogLinesCarryItsRunAndContactIds() throws Exception {
        TestLoanBook book = TestLoanBook.create(dir.resolve("loanbook"));
        book.add(loan("B1", "L1", LocalDate.of(2026, 11, 28)).set("email_addr", null).set("app_uid", null));
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        AbstractAppender collect = new AbstractAppender("collect", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().startsWith("io.kindly")) {
                    events.add(event.toImmutable());
                }
            }
        };
        collect.start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().addAppender(collect, Level.INFO, null);
        // the gateway refuses the message: Kindly logs the failure, on a worker thread
        try (LoopbackHttpServer gateway = new LoopbackHttpServer(r -> LoopbackHttpServer.Response.json(400,
                "{\"error\":\"bad number\"}"));
                KindlyTestApp app = KindlyTestApp.in(dir.resolve("data"))
                        .clock(Clock.fixed(Instant.parse("2026-11-25T02:30:00Z"), ZoneOffset.UTC))
                        .property("kindly.demo.enabled", "false")
                        .property("kindly.source.sql.url", book.url())
                        .property("kindly.channel.sms.url", gateway.url("/sms"))
                        .start()) {
            app.runCycle(LocalDate.of(2026, 11, 25));
        } finally {
            logging.getConfiguration().getRootLogger().removeAppender("collect");
        }
        LogEvent failed = events.stream().filter(e -> e.getMessage().getFormattedMessage().contains("FAILED on sms"))
                .findFirst().orElseThrow(() -> new AssertionError("no FAILED line in " + events.size() + " events"));
        String contact = failed.getContextData().getValue("kindly.contact");
        assertThat(contact).matches("k1-[0-9a-f]{32}");
        assertThat(failed.getMessage().getFormattedMessage()).startsWith(contact);
        assertThat((String) failed.getContextData().getValue("kindly.run")).isNotBlank();
        LogEvent started = events.stream().filter(e -> e.getMessage().getFormattedMessage().contains("started for"))
                .findFirst().orElseThrow();
        assertThat((String) started.getContextData().getValue("kindly.run"))
                .isEqualTo(failed.getContextData().getValue("kindly.run"));
    }
}
