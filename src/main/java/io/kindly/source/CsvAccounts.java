package io.kindly.source;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads an account export dropped as CSV (UTF-8, a header row naming the columns, comma-separated). Rows are read one at a time, so an
 * export of any size is never held in memory; the cycle route splits over the iterator in streaming mode.
 */
public final class CsvAccounts {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    /** Opens the file; the returned iterator closes it when exhausted, and the split closes it if the cycle stops early. */
    public RowIterator rows(File file) {
        try {
            BufferedReader reader = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8);
            reader.mark(1);
            if (reader.read() != '\uFEFF') { // spreadsheet exports often start with a byte-order mark
                reader.reset();
            }
            return new RowIterator(FORMAT.parse(reader), file.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read account export " + file.getName(), e);
        }
    }

    /** Rows of one export, each with its file name and record number (1 is the first row after the header). */
    public static final class RowIterator implements Iterator<SourceRow>, Closeable {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final String fileName;
        private CSVRecord next;

        RowIterator(CSVParser parser, String fileName) {
            this.parser = parser;
            this.records = parser.iterator();
            this.fileName = fileName;
        }

        /** A line of only blanks and commas is not a row: spreadsheets leave them at the end of exports. */
        @Override
        public boolean hasNext() {
            while (next == null && records.hasNext()) {
                CSVRecord candidate = records.next();
                if (!candidate.stream().allMatch(String::isBlank)) {
                    next = candidate;
                }
            }
            if (next == null) {
                close();
            }
            return next != null;
        }

        @Override
        public SourceRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            CSVRecord record = next;
            next = null;
            Map<String, Object> values = new LinkedHashMap<>();
            record.toMap().forEach(values::put);
            return new SourceRow(values, fileName + " record " + record.getRecordNumber());
        }

        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
