package io.kindly.config;

import java.util.List;

/** Start-up stops with this when the configuration is wrong. The message names each file, key and problem. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String origin, String key, String problem) {
        this(List.of(new ConfigProblem(origin, key, problem)));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(problems.size() == 1 ? "1 configuration problem" : problems.size() + " configuration problems");
        for (ConfigProblem p : problems) {
            sb.append(System.lineSeparator()).append("  ").append(p);
        }
        return sb.toString();
    }
}
