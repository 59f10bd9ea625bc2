package io.kindly.db;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** IN lists padded to a few shapes, with the padding changing no result. */
class SqlListsTest {

    @Test
    void listsArePaddedToThePowerOfTwoAbove() {
        assertThat(List.of(1, 2, 3, 4, 5, 8, 9, 200, 256, 257)).extracting(SqlLists::padded)
                .containsExactly(1, 2, 4, 4, 8, 8, 16, 256, 256, 512);
        assertThat(SqlLists.marks(3)).isEqualTo("?, ?, ?, ?");
    }

    @Test
    void thePaddingRepeatsTheLastValueAndFindsTheSameRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:sqllists")) {
            c.createStatement().execute("create table t (id varchar(10) primary key)");
            for (String id : List.of("a", "b", "c", "d", "e")) {
                c.createStatement().execute("insert into t values ('" + id + "')");
            }
            List<String> wanted = List.of("a", "c", "e");
            try (PreparedStatement ps = c.prepareStatement("select id from t where id in ("
                    + SqlLists.marks(wanted.size()) + ") order by id")) {
                int next = SqlLists.bind(ps, 1, wanted);
                assertThat(next).isEqualTo(5); // four marks: a, c, e and e again
                List<String> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                assertThat(found).containsExactly("a", "c", "e");
            }
        }
    }
}
