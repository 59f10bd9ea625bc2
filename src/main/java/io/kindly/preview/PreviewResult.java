package io.kindly.preview;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** What a preview was asked (the business date, the moment it was judged at, the cycle's zone), and what it found. */
public record PreviewResult(LocalDate businessDate, Instant at, ZoneId zone, PreviewReport report) {
}
