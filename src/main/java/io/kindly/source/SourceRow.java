package io.kindly.source;

import java.util.Map;

/** One row of a source with where it came from, for the evidence record ("accounts.csv line 18"). */
public record SourceRow(Map<String, Object> values, String ref) {
}
