package io.kindly.plan;

import io.kindly.domain.Checked;
import io.kindly.domain.Contact;

/**
 * Pipeline step: settles who a contact goes to. Always the borrower's own address for the channel (there is no other
 * address to pick), and only if it passed its checks; otherwise the contact is skipped with the reason.
 */
public final class Recipients {

    public void check(Contact contact) {
        if (!contact.isPending()) {
            return;
        }
        if (!contact.account().locale().isOk()) {
            contact.skip(contact.account().locale().problem(), contact.account().locale().detail());
            return;
        }
        Checked<String> address = contact.account().addressFor(contact.channel());
        if (!address.isOk()) {
            contact.skip(address.problem(), address.detail());
            return;
        }
        contact.recipient(address.value());
    }
}
