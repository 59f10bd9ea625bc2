package io.kindly.support;

import io.kindly.db.DatabaseSettings;
import io.kindly.demo.DemoLoanBook;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loan book a test writes itself: the demo lender's schema (so the shipped query and column mapping read it), with
 * only the rows the test adds.
 */
public final class TestLoanBook {
    private final String url;

    private TestLoanBook(String url) {
        this.url = url;
    }

    /** An empty loan book in an H2 file at {@code file}; the app reads it with kindly.source.sql.url = url(). */
    public static TestLoanBook create(Path file) {
        String url = "jdbc:h2:file:" + file.toAbsolutePath();
        DemoLoanBook.prepare(new DatabaseSettings("kindly.source.sql", url, "sa", "", 1), LocalDate.now(), 0);
        return new TestLoanBook(url);
    }

    public String url() {
        return url;
    }

    /** A loan row, filled with usable defaults (a borrower in Shanghai writing zh-CN); override what matters. */
    public static final class Row {
        final Map<String, Object> values = new LinkedHashMap<>();

        Row(String borrower, String loan, LocalDate due) {
            values.put("cust_no", borrower);
            values.put("loan_no", loan);
            values.put("full_name", "王芳");
            values.put("lang", "zh-CN");
            values.put("tz", "Asia/Shanghai");
            values.put("mobile_no", "+86 138 0013 " + String.format("%04d", Math.abs(borrower.hashCode()) % 10_000));
            values.put("email_addr", borrower.toLowerCase() + "@example.com");
            values.put("app_uid", "app-" + borrower);
            values.put("outstanding", new java.math.BigDecimal("1000.00"));
            values.put("ccy", "CNY");
            values.put("due_on", due);
            values.put("dpd", 0);
            values.put("pay_url", "https://pay.example.com/l/" + loan);
            values.put("status", "OPEN");
        }

        public Row set(String column, Object value) {
            values.put(column, value);
            return this;
        }
    }

    public static Row loan(String borrower, String loan, LocalDate due) {
        return new Row(borrower, loan, due);
    }

    public TestLoanBook add(Row row) {
        String cols = String.join(", ", row.values.keySet());
        String marks = String.join(", ", row.values.keySet().stream().map(k -> "?").toList());
        exec("insert into loan_book (" + cols + ") values (" + marks + ")", row.values.values().toArray());
        return this;
    }

    public void update(String sql, Object... params) {
        exec(sql, params);
    }

    private void exec(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
