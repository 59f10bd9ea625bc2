package io.kindly.domain;

import java.util.Objects;
import java.util.function.Function;

/**
 * A field from the source that was checked: either a usable value, or the reason it cannot be used. Lets one bad
 * field (say, a malformed mobile) stop only what depends on it, while the rest of the account goes ahead.
 */
public final class Checked<T> {
    private final T value;
    private final Reason problem;
    private final String detail;

    private Checked(T value, Reason problem, String detail) {
        this.value = value;
        this.problem = problem;
        this.detail = detail;
    }

    public static <T> Checked<T> ok(T value) {
        return new Checked<>(Objects.requireNonNull(value), null, null);
    }

    public static <T> Checked<T> problem(Reason reason, String detail) {
        return new Checked<>(null, Objects.requireNonNull(reason), detail);
    }

    public boolean isOk() {
        return problem == null;
    }

    /** The value; only call when {@link #isOk()}. */
    public T value() {
        if (problem != null) {
            throw new IllegalStateException("no value: " + problem);
        }
        return value;
    }

    public T orNull() {
        return value;
    }

    public Reason problem() {
        return problem;
    }

    public String detail() {
        return detail;
    }

    public <R> Checked<R> map(Function<T, R> f) {
        return isOk() ? ok(f.apply(value)) : problem(problem, detail);
    }

    @Override
    public String toString() {
        return isOk() ? "ok" : problem.name();
    }
}
