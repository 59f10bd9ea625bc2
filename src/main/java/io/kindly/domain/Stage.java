package io.kindly.domain;

import java.util.List;

/**
 * One step of the reminder cadence: a day relative to the due date, the channels used that day and the template
 * family that words the message.
 *
 * @param offsetDays days from the due date: -3 is three days before, 0 is the due date, 7 is a week overdue
 */
public record Stage(String name, int offsetDays, List<Channel> channels, String template) {
    public Stage {
        channels = List.copyOf(channels);
    }

    public boolean isOverdue() {
        return offsetDays > 0;
    }
}
