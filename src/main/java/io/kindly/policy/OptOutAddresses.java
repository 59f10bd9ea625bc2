package io.kindly.policy;

import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.shared.PhoneNumbers;
import io.kindly.source.AccountMapper;

/**
 * An address as an opt-out stores it, so that it matches the address a message goes to: E.164 for a mobile (read
 * with the phone region for numbers written without a country code), a mail address with a lower-case domain, an app
 * user id as it is. The {@code opt-out add} command and the admin API both take addresses through here.
 */
public final class OptOutAddresses {
    private OptOutAddresses() {
    }

    public static Checked<String> normalise(Channel channel, String raw, String phoneRegion) {
        return switch (channel) {
            case SMS -> PhoneNumbers.mobile(raw, phoneRegion);
            case EMAIL -> AccountMapper.email(raw.strip());
            case INAPP -> Checked.ok(raw.strip());
        };
    }
}
