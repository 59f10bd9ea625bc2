package io.kindly.app;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Camel Main, reading the lender's properties files as UTF-8 (Java's default for properties files is ISO-8859-1,
 * which would garble a lender name such as 示範貸). The encoding has to be set before Camel first reads the files,
 * because Camel caches what it read.
 */
public final class KindlyMain extends Main {
    @Override
    protected void configurePropertiesService(CamelContext camelContext) throws Exception {
        utf8(camelContext);
        super.configurePropertiesService(camelContext);
    }

    static void utf8(CamelContext camelContext) {
        camelContext.getPropertiesComponent().setEncoding("UTF-8");
    }
}
