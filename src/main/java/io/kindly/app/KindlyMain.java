package io.kindly.app;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Camel Main, reading the lender's properties files as UTF-8 (Java's default for properties files is ISO-8859-1,
 * which would garble a lender name such as 示範貸). The encoding has to be set before Camel first reads the files,
 * because Camel caches what it read.
 *
 * <p>Every start of Kindly that runs Camel (the daemon, {@code once}, {@code preview}, and the tests through
 * {@link KindlyApp#newMain}) creates one of these, so this is also where jakarta.mail's stream provider is looked up,
 * once for the process, before any message is built ({@link MailProviders}).
 */
public final class KindlyMain extends Main {
    public KindlyMain() {
        MailProviders.resolveOnce();
    }

    @Override
    protected void configurePropertiesService(CamelContext camelContext) throws Exception {
        utf8(camelContext);
        super.configurePropertiesService(camelContext);
    }

    static void utf8(CamelContext camelContext) {
        camelContext.getPropertiesComponent().setEncoding("UTF-8");
    }
}
