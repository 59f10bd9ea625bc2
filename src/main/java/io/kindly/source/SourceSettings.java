package io.kindly.source;

import io.kindly.shared.PhoneNumbers;
import io.kindly.db.DatabaseSettings;
import io.kindly.config.Settings;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where accounts come from and how the lender's columns map to Kindly's fields.
 *
 * @param type             {@code sql}: a query on the lender's database; {@code csv}: export files dropped in a folder
 * @param refreshQuery     reads one loan again just before its message is sent (named parameter {@code :#loanId})
 * @param columns          lender column name per field (matched case-insensitively)
 * @param defaultPhoneRegion ISO region used to read mobile numbers written without a country code
 */
public record SourceSettings(
        String type,
        DatabaseSettings database,
        Path queryFile,
        Path refreshQuery,
        int fetchSize,
        Path csvDirectory,
        Map<AccountField, String> columns,
        Locale defaultLocale,
        ZoneId defaultTimeZone,
        Currency defaultCurrency,
        String defaultPhoneRegion) {

    public static SourceSettings read(Settings s) {
        String type = s.string("kindly.source.type", "sql");
        if (!type.equals("sql") && !type.equals("csv")) {
            s.problem("kindly.source.type", "'" + type + "' is not a source type: use sql or csv");
        }
        DatabaseSettings db = DatabaseSettings.read(s, "kindly.source.sql", "jdbc:h2:file:./data/demo-loanbook", 4);
        Path query = Path.of(s.string("kindly.source.sql.query", "config/source/accounts.sql"));
        if (type.equals("sql") && !query.toFile().isFile()) {
            s.problem("kindly.source.sql.query", "the query file '" + query + "' does not exist");
        }
        Path refresh = Path.of(s.string("kindly.source.sql.refresh-query", "config/source/account-refresh.sql"));
        if (type.equals("sql") && !refresh.toFile().isFile()) {
            s.problem("kindly.source.sql.refresh-query", "the query file '" + refresh + "' does not exist");
        }
        int fetchSize = s.integer("kindly.source.sql.fetch-size", 500, 1, 100_000);
        Path csvDir = Path.of(s.string("kindly.source.csv.directory", "data/inbox"));

        Map<AccountField, String> columns = new EnumMap<>(AccountField.class);
        for (AccountField f : AccountField.values()) {
            columns.put(f, s.string(f.configKey(), f.column()));
        }

        Locale defaultLocale = Locale.forLanguageTag(s.string("kindly.default-locale", "en"));
        if (defaultLocale.getLanguage().isEmpty()) {
            s.problem("kindly.default-locale", "not a BCP 47 language tag (for example en, zh-CN, zh-TW)");
            defaultLocale = Locale.ENGLISH;
        }
        ZoneId zone = s.zone("kindly.default-time-zone", ZoneId.of("Asia/Shanghai"));
        Currency currency = s.currency("kindly.default-currency", Currency.getInstance("CNY"));
        String region = s.string("kindly.default-phone-region", "CN").toUpperCase(Locale.ROOT);
        if (!PhoneNumbers.isKnownRegion(region)) {
            s.problem("kindly.default-phone-region", "'" + region + "' is not an ISO 3166 region that has phone numbers");
        }
        return new SourceSettings(type, db, query, refresh, fetchSize, csvDir, columns, defaultLocale, zone, currency,
                region);
    }
}
