package io.kindly.shared;

/**
 * Makes a CSV cell safe to open in a spreadsheet (OWASP "CSV injection"): a value beginning with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return would be read as a formula, so it is written with a leading
 * apostrophe, which spreadsheets show as text and do not display. A reader that wants the raw value drops one leading
 * apostrophe from such a cell (or uses the JSON export, written as stored).
 */
public final class SpreadsheetCells {
    private SpreadsheetCells() {
    }

    public static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }

    public static Object text(Object value) {
        return value instanceof String s ? text(s) : value == null ? null : text(value.toString());
    }
}
