package io.kindly.plan;

import io.kindly.config.Settings;
import io.kindly.domain.Channel;
import io.kindly.domain.Stage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reminder ladder from {@code config/cadence.properties}: which stage falls on which day relative to the due date,
 * on which channels, with which template.
 *
 * <p>An account gets at most one stage on a given date: the one whose offset equals the days between its due date and
 * that date. Two stages on the same day are refused at start-up, so a borrower can never get two reminders for one
 * loan on one day from the cadence alone.
 */
public final class Cadence {
    private static final List<String> DEFAULT_STAGES = List.of(
            "before-3", "before-1", "due-today", "overdue-1", "overdue-3", "overdue-7", "overdue-15", "overdue-30");

    private final List<Stage> stages;
    private final Map<Integer, Stage> byOffset = new HashMap<>();

    public Cadence(List<Stage> stages) {
        this.stages = List.copyOf(stages);
        for (Stage s : stages) {
            if (byOffset.put(s.offsetDays(), s) != null) {
                throw new IllegalArgumentException("two stages at offset " + s.offsetDays());
            }
        }
    }

    public static Cadence read(Settings s) {
        List<String> names = s.list("kindly.cadence.stages", DEFAULT_STAGES);
        if (names.isEmpty()) {
            s.problem("kindly.cadence.stages", "no stages listed: name at least one stage");
        }
        List<Stage> stages = new ArrayList<>();
        Map<Integer, String> offsets = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String name : names) {
            String prefix = "kindly.cadence.stage." + name;
            if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                s.problem("kindly.cadence.stages", "stage name '" + name
                        + "' must be lower-case letters, digits and dashes, at most 40 characters");
                continue;
            }
            if (!seen.add(name)) {
                s.problem("kindly.cadence.stages", "stage '" + name + "' is listed twice");
                continue;
            }
            boolean hasOffset = s.optional(prefix + ".offset-days").isPresent();
            if (!hasOffset) {
                s.problem(prefix + ".offset-days", "missing: the day of this stage relative to the due date "
                        + "(-3 = three days before, 0 = the due date, 7 = a week overdue)");
            }
            int before = s.problemCount();
            int offset = s.integer(prefix + ".offset-days", 0, -90, 365);
            boolean offsetValid = hasOffset && s.problemCount() == before;
            String other = offsetValid ? offsets.putIfAbsent(offset, name) : null;
            if (other != null) {
                s.problem(prefix + ".offset-days", "stage '" + other + "' already falls on day " + offset
                        + "; an account gets at most one stage on a date");
            }
            List<Channel> channels = new ArrayList<>();
            List<String> channelNames = s.list(prefix + ".channels", List.of());
            if (channelNames.isEmpty()) {
                s.problem(prefix + ".channels", "missing: the channels of this stage, for example sms, email, inapp");
            }
            for (String c : channelNames) {
                Optional<Channel> channel = Channel.byId(c);
                if (channel.isEmpty()) {
                    s.problem(prefix + ".channels", "'" + c + "' is not a channel (use sms, email or inapp)");
                } else if (channels.contains(channel.get())) {
                    s.problem(prefix + ".channels", "'" + c + "' is listed twice");
                } else {
                    channels.add(channel.get());
                }
            }
            String template = s.required(prefix + ".template", "the template family under templates/ that words this stage");
            if (!template.isEmpty() && !template.matches("[a-z0-9][a-z0-9-]*")) {
                s.problem(prefix + ".template", "'" + template + "' must be a folder name under templates/ "
                        + "(lower-case letters, digits and dashes)");
            }
            stages.add(new Stage(name, offset, channels, template));
        }
        // keep only stages with distinct offsets so the object stays valid; the problems above stop start-up anyway
        Map<Integer, Stage> distinct = new java.util.LinkedHashMap<>();
        stages.forEach(st -> distinct.putIfAbsent(st.offsetDays(), st));
        return new Cadence(new ArrayList<>(distinct.values()));
    }

    public List<Stage> stages() {
        return Collections.unmodifiableList(stages);
    }

    public Optional<Stage> byName(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The stage that falls {@code offsetDays} after the due date (negative: before), if any. */
    public Optional<Stage> stageAt(int offsetDays) {
        return Optional.ofNullable(byOffset.get(offsetDays));
    }

    /** The earliest stage offset (most days before the due date); with {@link #latestOffset()} it bounds the source query. */
    public int earliestOffset() {
        return stages.stream().mapToInt(Stage::offsetDays).min().orElse(0);
    }

    public int latestOffset() {
        return stages.stream().mapToInt(Stage::offsetDays).max().orElse(0);
    }
}
