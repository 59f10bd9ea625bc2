package io.kindly.dispatch.kannel;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * The Kannel contract against a real Kannel 1.4 on this machine (apt-get install kannel kannel-extras), whose fake
 * SMSC delivers everything; skipped, saying so, where Kannel is not installed.
 */
class RealKannelTest extends KannelContract {
    @Override
    KannelSide kannel(Path dir, String getUrl) throws Exception {
        Assumptions.assumeTrue(RealKannel.installed(), "Kannel is not installed (apt-get install -y kannel "
                + "kannel-extras gives bearerbox, smsbox and the fake SMSC): the loopback imitation "
                + "(KannelImitationTest) covers the same contract");
        return new RealKannel(dir, getUrl);
    }

    @Override
    String receiptFor(String borrower) {
        return "DELIVERED";
    }
}
