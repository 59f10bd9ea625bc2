package io.kindly.demo;

import io.kindly.config.Settings;
import io.kindly.dispatch.ChannelSettings;

import java.net.URI;
import java.nio.file.Path;

/**
 * The embedded demo: a seeded loan book and local sinks for every channel, so a newcomer can run a full cycle with
 * nothing but a JDK. With the demo on, Kindly refuses to start unless every channel points at this machine, so the
 * demo can never reach a real person.
 *
 * @param holidayRegion a fictional region whose public holiday is the day the demo starts, so a demo run shows what a
 *                      holiday does to a reminder on any day of the year
 */
public record DemoSettings(boolean enabled, int loanBookSize, int smtpPort, Path outbox, String holidayRegion) {

    public static DemoSettings read(Settings s) {
        return new DemoSettings(
                s.bool("kindly.demo.enabled", false),
                s.integer("kindly.demo.loan-book-size", 1200, 1, 1_000_000),
                s.integer("kindly.demo.smtp-port", 2525, 0, 65_535),
                Path.of(s.string("kindly.demo.outbox", "data/outbox")),
                s.string("kindly.demo.holiday-region", "XD"));
    }

    /** Every channel, and the lender's notice, must point at a loopback address while the demo is on. */
    public void checkLocalOnly(Settings s, ChannelSettings channels, String lenderNoticeUrl) {
        if (!lenderNoticeUrl.isEmpty()) {
            check(s, "kindly.inbound.lender-notice.url", URI.create(lenderNoticeUrl));
        }
        check(s, "kindly.channel.sms.url", channels.sms().url());
        check(s, "kindly.channel.inapp.url", channels.inapp().url());
        if (!channels.email().uri().isEmpty()) {
            String uri = channels.email().uri().replaceFirst("^smtps?://", "http://");
            check(s, "kindly.channel.email.uri", URI.create(uri.replaceAll("\\?.*$", "")));
        }
    }

    private static void check(Settings s, String key, URI uri) {
        if (uri == null || uri.getHost() == null) {
            return;
        }
        if (!isLoopback(uri.getHost())) {
            s.problem(key, "the demo is on (kindly.demo.enabled=true), so this must point at this machine "
                    + "(127.0.0.1 or localhost), not " + uri.getHost());
        }
    }

    /** Decided from the name alone, without a DNS lookup that could be slow or answer anything. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
