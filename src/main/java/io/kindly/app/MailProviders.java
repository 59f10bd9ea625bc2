package io.kindly.app;

import jakarta.mail.util.StreamProvider;

/**
 * Looks jakarta.mail's {@link StreamProvider} up once, for the whole process.
 *
 * <p>jakarta.mail-api 2.1.5 (the version camel-mail 4.18.0 brings, with Angus Mail 2.0.5) does not cache it:
 * {@code StreamProvider.provider()} calls {@code FactoryFinder.find}, which runs a fresh {@code ServiceLoader} over the
 * class path (re-reading {@code META-INF/services/jakarta.mail.util.StreamProvider} from the jars) on every call, and
 * {@code MimeUtility}, {@code MimeBodyPart} and {@code MimeMultipart} call it several times per message: in a profile
 * of a cycle it was a fifth of all CPU samples (upstream: jakartaee/mail-api#699 and #861, still open). Before it
 * tries the {@code ServiceLoader}, {@code FactoryFinder} reads the system property named after the interface,
 * {@code jakarta.mail.util.StreamProvider}, and instantiates the class it names. Setting that property to the class
 * the {@code ServiceLoader} finds makes every later lookup a {@code Class.forName} of an already loaded class.
 * {@code FactoryFinder} reads the property on every call, so it takes effect at once, whatever mail classes have
 * already been loaded.
 */
public final class MailProviders {
    /** The system property {@code FactoryFinder} reads first: the interface's own name. */
    public static final String STREAM_PROVIDER = StreamProvider.class.getName();

    private MailProviders() {
    }

    /**
     * Resolves the stream provider through the {@code ServiceLoader} once and names its class in the system property.
     * A value already set (for example with {@code -D}) is left alone.
     *
     * @return the provider class every lookup now uses
     */
    public static synchronized String resolveOnce() {
        String chosen = System.getProperty(STREAM_PROVIDER);
        if (chosen == null || chosen.isBlank()) {
            chosen = StreamProvider.provider().getClass().getName();
            System.setProperty(STREAM_PROVIDER, chosen);
        }
        return chosen;
    }
}
