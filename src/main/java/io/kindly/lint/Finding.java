package io.kindly.lint;

/**
 * One thing the linter found.
 *
 * @param file  relative path, e.g. {@code templates/overdue/sms_en.ftl}
 * @param line  1-based, or 0 when the finding is about the file (or its rendered output) as a whole
 * @param rule  a short id, e.g. {@code prohibited/threat-arrest} or {@code sms-length}
 */
public record Finding(Severity severity, String file, int line, String rule, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code templates/overdue/sms_en.ftl:3: error [prohibited/threat-arrest] ...} */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase(java.util.Locale.ROOT)
                + " [" + rule + "] " + message;
    }
}
