package io.kindly.ledger;

import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.ContactFacts;
import io.kindly.domain.HoldType;
import io.kindly.domain.Reason;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deferred contact's account comes back exactly as it was read, problems and facts included. */
class AccountSnapshotTest {

    @Test
    void anAccountSurvivesTheRoundTrip() {
        Account a = new Account("B1", "L1", "陳怡君 <b>", Checked.ok(Locale.forLanguageTag("zh-TW")),
                ZoneId.of("Asia/Taipei"), Checked.problem(Reason.MOBILE_NOT_MOBILE, "a FIXED_LINE number"),
                Checked.ok("yi@example.com"), Checked.problem(Reason.NO_APP_USER, "no in-app account"),
                new BigDecimal("1500.50"), Currency.getInstance("TWD"), LocalDate.of(2026, 11, 26), 3,
                "https://pay.example.com/l/L1", "accounts.csv record 7", List.of("currency missing; used TWD"),
                new ContactFacts("TW", List.of(ZoneId.of("Asia/Tokyo")), Set.of(Channel.EMAIL), true,
                        Set.of(HoldType.HARDSHIP), Set.of(DayOfWeek.SUNDAY)));

        Account back = AccountSnapshot.read(AccountSnapshot.write(a));

        assertThat(back).usingRecursiveComparison().isEqualTo(a);
    }

    @Test
    void unknownConsentStaysUnknown() {
        Account a = new Account("B1", "L1", null, Checked.ok(Locale.ENGLISH), ZoneId.of("UTC"), Checked.ok("+447911123456"),
                Checked.ok("a@example.com"), Checked.ok("app"), BigDecimal.TEN, Currency.getInstance("GBP"),
                LocalDate.of(2026, 1, 1), null, null, "row 1", List.of());
        Account back = AccountSnapshot.read(AccountSnapshot.write(a));
        assertThat(back.facts().consent()).isNull();
        assertThat(back.daysPastDue()).isNull();
        assertThat(back.name()).isNull();
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> AccountSnapshot.read("{\"not\":\"an account\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an account snapshot");
    }
}
