package io.kindly.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Typed reading of Kindly's settings. Every getter records a problem instead of throwing, so that start-up reports all
 * configuration problems at once, each with its file, key and what is wrong; {@link #check()} then throws them
 * together.
 *
 * <p>Every key read is remembered: a {@code kindly.*} key set in a file that nothing reads is reported as unknown,
 * because that is almost always a typo that would otherwise be silently ignored.
 */
public final class Settings {
    private final Function<String, Optional<String>> lookup;
    private final ConfigFiles files;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    public Settings(Function<String, Optional<String>> lookup, ConfigFiles files) {
        this.lookup = lookup;
        this.files = files;
    }

    public ConfigFiles files() {
        return files;
    }

    /** The value, trimmed; empty when unset or blank. */
    public Optional<String> optional(String key) {
        read.add(key);
        return lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    /** A value that must be set; {@code what} says in a few words what the key is for. */
    public String required(String key, String what) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            problem(key, "missing: " + what);
            return "";
        }
        return v.get();
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                problem(key, "'" + v.get() + "' is out of range: use a whole number from " + min + " to " + max);
                return defaultValue;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(key, "'" + v.get() + "' is not a whole number");
            return defaultValue;
        }
    }

    /**
     * A length of time: a number with a unit ({@code 90s}, {@code 10m}, {@code 2h}) or ISO-8601 ({@code PT10M}), from
     * {@code min} to {@code max}.
     */
    public java.time.Duration duration(String key, java.time.Duration defaultValue, java.time.Duration min,
            java.time.Duration max) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        String text = v.get().strip().toLowerCase(java.util.Locale.ROOT);
        java.time.Duration d;
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\s*(s|m|h)").matcher(text);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "s" -> java.time.Duration.ofSeconds(n);
                    case "m" -> java.time.Duration.ofMinutes(n);
                    default -> java.time.Duration.ofHours(n);
                };
            } else {
                d = java.time.Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
            }
        } catch (java.time.format.DateTimeParseException e) {
            problem(key, "'" + v.get() + "' is not a length of time: write it as 90s, 10m, 2h or PT10M");
            return defaultValue;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(key, "'" + v.get() + "' is out of range: from " + min.toSeconds() + "s to " + max.toSeconds() + "s");
            return defaultValue;
        }
        return d;
    }

    public BigDecimal decimal(String key, BigDecimal defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return new BigDecimal(v.get());
        } catch (NumberFormatException e) {
            problem(key, "'" + v.get() + "' is not a number");
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(key, "'" + v.get() + "' is not true or false");
                yield defaultValue;
            }
        };
    }

    public ZoneId zone(String key, ZoneId defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return ZoneId.of(v.get());
        } catch (DateTimeException e) {
            problem(key, "'" + v.get() + "' is not an IANA time zone (for example Asia/Shanghai or Europe/London)");
            return defaultValue;
        }
    }

    public Currency currency(String key, Currency defaultValue) {
        Optional<String> v = optional(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Currency.getInstance(v.get().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(key, "'" + v.get() + "' is not an ISO 4217 currency code (for example CNY, TWD, USD)");
            return defaultValue;
        }
    }

    /** An absolute http(s), smtp(s) or file URL. */
    public URI url(String key, String what, Set<String> schemes) {
        String v = required(key, what);
        if (v.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT))) {
                problem(key, "'" + redact(v) + "' must start with one of " + schemes.stream().sorted().map(s -> s + ":").toList());
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(key, "'" + redact(v) + "' is not a URL: " + e.getReason());
            return null;
        }
    }

    /** A comma-separated list, items trimmed, blanks dropped. */
    public List<String> list(String key, List<String> defaultValue) {
        Optional<String> v = optional(key);
        return v.map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(defaultValue);
    }

    /** Mark a key as understood without reading it here (it is read by Camel itself, for example in a route). */
    public void readByRoutes(String key) {
        read.add(key);
    }

    /** Records a problem with a key's value; the origin is looked up. */
    public void problem(String key, String problem) {
        problems.add(new ConfigProblem(files.originOf(key), key, problem));
    }

    /** How many problems with values have been recorded so far (cheap; unknown keys are only known at the end). */
    public int problemCount() {
        return problems.size();
    }

    public List<ConfigProblem> problems() {
        List<ConfigProblem> all = new ArrayList<>(problems);
        all.addAll(unknownKeys());
        return all;
    }

    /** Throws every problem found so far, with the unknown keys, as one {@link ConfigException}. */
    public void check() {
        List<ConfigProblem> all = problems();
        if (!all.isEmpty()) {
            throw new ConfigException(all);
        }
    }

    private List<ConfigProblem> unknownKeys() {
        List<ConfigProblem> unknown = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>(files.fileKeys());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("kindly.") && !read.contains(key)) {
                String hint = closest(key).map(k -> " (did you mean " + k + "?)").orElse("");
                unknown.add(new ConfigProblem(e.getValue(), key, "unknown key: nothing in Kindly reads it" + hint));
            }
        }
        return unknown;
    }

    private Optional<String> closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : read) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 8) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Hides user info (user:password@) and query strings, which may carry credentials, before quoting a URL. */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@").replaceAll("\\?.*$", "?***");
    }
}
