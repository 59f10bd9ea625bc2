package io.kindly.app;

import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** jakarta.mail's stream provider is named once, by every start of Kindly, so later lookups skip the ServiceLoader. */
class MailProvidersTest {
    @Test
    void startingKindlyNamesTheProviderTheServiceLoaderFinds() {
        new KindlyMain();

        assertThat(System.getProperty(MailProviders.STREAM_PROVIDER))
                .isEqualTo("org.eclipse.angus.mail.util.MailStreamProvider");
        // what the lookup now returns is what it returned before: the same class, found by name
        assertThat(StreamProvider.provider().getClass().getName())
                .isEqualTo(System.getProperty(MailProviders.STREAM_PROVIDER));
    }
}
