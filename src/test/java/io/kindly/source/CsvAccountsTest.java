package io.kindly.source;

import io.kindly.domain.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvAccountsTest {

    @TempDir
    Path dir;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static final String EXPORT = String.join("\r\n",
            "borrower_id,loan_id,name,mobile,amount_due,due_date,note",
            "B-1,L-0001,王小明,+86 138 0013 8000,1250.00,2026-11-26,plain",
            "",
            "B-2,L-0002,\"Chen, Mei\",13800138001,99.5,2026-11-27,\"line one",
            "line two\"",
            "",
            "",
            "B-3,L-0003,陳美玲,+886 912 345 678,0,2026-11-28,\"says \"\"hi\"\"\"",
            "   ,  ,,,,,", // what a spreadsheet leaves at the end of an export: not a row
            "");

    private Path write(String name, byte[] prefix, String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(prefix);
        out.write(text.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static List<SourceRow> readAll(CsvAccounts.RowIterator it) {
        List<SourceRow> rows = new ArrayList<>();
        while (it.hasNext()) {
            rows.add(it.next());
        }
        return rows;
    }

    @Test
    void readsRowsByHeaderWithBomChineseQuotesAndBlankLines() throws IOException {
        Path file = write("accounts.csv", BOM, EXPORT);

        List<SourceRow> rows = readAll(new CsvAccounts().rows(file.toFile()));

        assertThat(rows).hasSize(3);
        SourceRow first = rows.get(0);
        // the byte-order mark is not part of the first column's name
        assertThat(first.values()).containsOnlyKeys("borrower_id", "loan_id", "name", "mobile", "amount_due",
                "due_date", "note");
        assertThat(first.values().keySet()).first().isEqualTo("borrower_id");
        assertThat(first.values()).containsEntry("borrower_id", "B-1").containsEntry("name", "王小明")
                .containsEntry("mobile", "+86 138 0013 8000");
        assertThat(first.ref()).isEqualTo("accounts.csv record 1");

        SourceRow second = rows.get(1);
        // the quoted line break is kept as written (CRLF in this file)
        assertThat(second.values()).containsEntry("name", "Chen, Mei").containsEntry("note", "line one\r\nline two")
                .containsEntry("amount_due", "99.5");
        assertThat(second.ref()).isEqualTo("accounts.csv record 2");

        SourceRow third = rows.get(2);
        assertThat(third.values()).containsEntry("name", "陳美玲").containsEntry("note", "says \"hi\"");
        assertThat(third.ref()).isEqualTo("accounts.csv record 3");
    }

    @Test
    void fileWithoutBomReadsTheSame() throws IOException {
        Path withBom = write("with-bom.csv", BOM, EXPORT);
        Path without = write("without-bom.csv", new byte[0], EXPORT);

        List<SourceRow> a = readAll(new CsvAccounts().rows(withBom.toFile()));
        List<SourceRow> b = readAll(new CsvAccounts().rows(without.toFile()));

        assertThat(b).extracting(SourceRow::values).isEqualTo(a.stream().map(SourceRow::values).toList());
        assertThat(b.get(0).ref()).isEqualTo("without-bom.csv record 1");
    }

    @Test
    void rowsMapToAccountsWithTheMapper() throws IOException {
        Path file = write("accounts.csv", BOM, EXPORT);
        Map<AccountField, String> columns = new EnumMap<>(AccountField.class);
        for (AccountField f : AccountField.values()) {
            columns.put(f, f.column());
        }
        AccountMapper mapper = new AccountMapper(new SourceSettings("csv", null, null, null, 500, dir, columns,
                Locale.ENGLISH, ZoneId.of("Asia/Shanghai"), Currency.getInstance("CNY"), "CN"));

        List<Account> accounts = readAll(new CsvAccounts().rows(file.toFile())).stream()
                .map(r -> mapper.map(r.values(), r.ref())).toList();

        assertThat(accounts).extracting(Account::name).containsExactly("王小明", "Chen, Mei", "陳美玲");
        assertThat(accounts).extracting(a -> a.mobile().value())
                .containsExactly("+8613800138000", "+8613800138001", "+886912345678");
        assertThat(accounts.get(1).amountDue()).isEqualByComparingTo(new BigDecimal("99.5"));
        assertThat(accounts.get(2).dueDate()).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(accounts.get(2).sourceRef()).isEqualTo("accounts.csv record 3");
    }

    @Test
    void iteratorClosesTheFileWhenExhausted() throws IOException {
        Path file = write("accounts.csv", BOM, EXPORT);
        CsvAccounts.RowIterator it = new CsvAccounts().rows(file.toFile());
        it.next();
        if (Files.isDirectory(Path.of("/proc/self/fd"))) {
            // Linux: the open descriptors of this process name the file while it is being read ...
            assertThat(openHandlesTo(file)).as("open handles while reading").isPositive();
            readAll(it);
            // ... and none once the iterator is exhausted
            assertThat(openHandlesTo(file)).as("open handles after the last row").isZero();
        } else {
            readAll(it);
            // elsewhere (Windows in particular) a file still open cannot be deleted
            Files.delete(file);
            assertThat(file).doesNotExist();
        }
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void closingEarlyReleasesTheFile() throws IOException {
        Path file = write("accounts.csv", BOM, EXPORT);
        CsvAccounts.RowIterator it = new CsvAccounts().rows(file.toFile());
        assertThat(it.next().ref()).isEqualTo("accounts.csv record 1");
        it.close();
        if (Files.isDirectory(Path.of("/proc/self/fd"))) {
            assertThat(openHandlesTo(file)).isZero();
        } else {
            Files.delete(file);
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void missingFileIsReportedByName() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> new CsvAccounts().rows(missing.toFile()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope.csv");
    }

    /** How many of this process's file descriptors point at the file (Linux /proc only). */
    private static long openHandlesTo(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // the descriptor used for the listing itself may be gone already
                }
            }).count();
        }
    }
}
