package io.kindly.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadsheetCellsTest {
    @Test
    void aValueASpreadsheetWouldReadAsAFormulaIsWrittenAsText() {
        assertThat(SpreadsheetCells.text("=HYPERLINK(\"http://evil.example\",\"B\")"))
                .isEqualTo("'=HYPERLINK(\"http://evil.example\",\"B\")");
        assertThat(SpreadsheetCells.text("+8613800138000")).isEqualTo("'+8613800138000");
        assertThat(SpreadsheetCells.text("-1")).isEqualTo("'-1");
        assertThat(SpreadsheetCells.text("@SUM(1+1)")).isEqualTo("'@SUM(1+1)");
        assertThat(SpreadsheetCells.text("\t=1")).isEqualTo("'\t=1");
        assertThat(SpreadsheetCells.text("\r=1")).isEqualTo("'\r=1");
        assertThat(SpreadsheetCells.text("L2000123")).isEqualTo("L2000123");
        assertThat(SpreadsheetCells.text("您好")).isEqualTo("您好");
        assertThat(SpreadsheetCells.text("")).isEmpty();
        assertThat(SpreadsheetCells.text((String) null)).isNull();
    }
}
