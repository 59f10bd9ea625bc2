package io.kindly.lint;

import java.util.List;

/** Start-up stops with this when a template or route breaks a lint rule; the message lists each error. */
public class LintException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Finding> errors;

    public LintException(List<Finding> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
    }

    public List<Finding> errors() {
        return errors;
    }

    private static String format(List<Finding> errors) {
        StringBuilder sb = new StringBuilder();
        sb.append(errors.size() == 1 ? "1 lint error" : errors.size() + " lint errors")
                .append(" (java -jar target/kindly.jar lint shows every finding)");
        for (Finding f : errors) {
            sb.append(System.lineSeparator()).append("  ").append(f);
        }
        return sb.toString();
    }
}
