package io.kindly.dispatch.kannel;

import java.nio.file.Path;
import java.util.Set;

/** The Kannel contract against a loopback imitation of Kannel's HTTP interfaces, which reports K3's message failed. */
class KannelImitationTest extends KannelContract {
    @Override
    KannelSide kannel(Path dir, String getUrl) throws Exception {
        return new KannelImitation(Set.of("+8613900000103"), getUrl);
    }

    @Override
    String receiptFor(String borrower) {
        return borrower.equals("K3") ? "UNDELIVERED" : "DELIVERED";
    }
}
