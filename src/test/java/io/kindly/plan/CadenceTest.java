package io.kindly.plan;

import io.kindly.config.ConfigFiles;
import io.kindly.config.ConfigProblem;
import io.kindly.config.Settings;
import io.kindly.domain.Channel;
import io.kindly.domain.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.kindly.domain.Channel.EMAIL;
import static io.kindly.domain.Channel.INAPP;
import static io.kindly.domain.Channel.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CadenceTest {

    @TempDir
    Path configDir;

    private Settings settings(Map<String, String> values) {
        return new Settings(k -> Optional.ofNullable(values.get(k)), ConfigFiles.in(configDir));
    }

    /** The shape of the shipped config/cadence.properties. */
    static Map<String, String> defaultLadder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages",
                "before-3, before-1, due-today, overdue-1, overdue-3, overdue-7, overdue-15, overdue-30");
        stage(m, "before-3", "-3", "sms, email, inapp", "upcoming");
        stage(m, "before-1", "-1", "sms, inapp", "upcoming");
        stage(m, "due-today", "0", "sms, email, inapp", "due-today");
        stage(m, "overdue-1", "1", "sms, inapp", "overdue");
        stage(m, "overdue-3", "3", "sms, email", "overdue");
        stage(m, "overdue-7", "7", "sms, email, inapp", "overdue");
        stage(m, "overdue-15", "15", "sms, email, inapp", "repayment-plan");
        stage(m, "overdue-30", "30", "sms, email", "repayment-plan");
        return m;
    }

    static void stage(Map<String, String> m, String name, String offset, String channels, String template) {
        m.put("kindly.cadence.stage." + name + ".offset-days", offset);
        m.put("kindly.cadence.stage." + name + ".channels", channels);
        m.put("kindly.cadence.stage." + name + ".template", template);
    }

    private static List<String> keys(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::key).toList();
    }

    @Test
    void defaultLadderReads() {
        Settings s = settings(defaultLadder());
        Cadence cadence = Cadence.read(s);

        assertThat(s.problems()).isEmpty();
        assertThat(cadence.stages()).extracting(Stage::name).containsExactly(
                "before-3", "before-1", "due-today", "overdue-1", "overdue-3", "overdue-7", "overdue-15", "overdue-30");
        assertThat(cadence.stages()).extracting(Stage::offsetDays).containsExactly(-3, -1, 0, 1, 3, 7, 15, 30);
        assertThat(cadence.stages().get(0)).isEqualTo(new Stage("before-3", -3, List.of(SMS, EMAIL, INAPP), "upcoming"));
        assertThat(cadence.stages().get(4)).isEqualTo(new Stage("overdue-3", 3, List.of(SMS, EMAIL), "overdue"));
        assertThat(cadence.stages().get(7).template()).isEqualTo("repayment-plan");
        assertThat(cadence.stages()).filteredOn(Stage::isOverdue).hasSize(5);
    }

    @Test
    void stageAtFindsTheStageOfADay() {
        Cadence cadence = Cadence.read(settings(defaultLadder()));
        assertThat(cadence.stageAt(-3)).map(Stage::name).contains("before-3");
        assertThat(cadence.stageAt(0)).map(Stage::name).contains("due-today");
        assertThat(cadence.stageAt(30)).map(Stage::name).contains("overdue-30");
        assertThat(cadence.stageAt(-2)).isEmpty();
        assertThat(cadence.stageAt(2)).isEmpty();
        assertThat(cadence.stageAt(31)).isEmpty();
    }

    @Test
    void earliestAndLatestOffsetsBoundTheLadder() {
        Cadence cadence = Cadence.read(settings(defaultLadder()));
        assertThat(cadence.earliestOffset()).isEqualTo(-3);
        assertThat(cadence.latestOffset()).isEqualTo(30);

        Cadence single = new Cadence(List.of(new Stage("late", 10, List.of(SMS), "overdue")));
        assertThat(single.earliestOffset()).isEqualTo(10);
        assertThat(single.latestOffset()).isEqualTo(10);
    }

    @Test
    void channelNamesAreReadIgnoringCaseAndSpaces() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "due");
        stage(m, "due", "0", " SMS ,InApp", "due-today");
        Settings s = settings(m);
        Cadence cadence = Cadence.read(s);
        assertThat(s.problems()).isEmpty();
        assertThat(cadence.stages().get(0).channels()).containsExactly(SMS, INAPP);
    }

    @Test
    void twoStagesOnTheSameDayAreAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "first, second");
        stage(m, "first", "2", "sms", "overdue");
        stage(m, "second", "2", "email", "overdue");
        Settings s = settings(m);

        Cadence cadence = Cadence.read(s);

        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stage.second.offset-days");
            assertThat(p.problem()).contains("'first' already falls on day 2");
            assertThat(p.origin()).isEqualTo(configDir.resolve("cadence.properties").toString());
        });
        // the object stays valid: one stage per day
        assertThat(cadence.stages()).extracting(Stage::name).containsExactly("first");
    }

    @Test
    void unknownChannelIsAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "due");
        stage(m, "due", "0", "sms, fax", "due-today");
        Settings s = settings(m);

        Cadence cadence = Cadence.read(s);

        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stage.due.channels");
            assertThat(p.problem()).contains("'fax' is not a channel");
        });
        assertThat(cadence.stages().get(0).channels()).containsExactly(SMS);
    }

    @Test
    void channelListedTwiceIsAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "due");
        stage(m, "due", "0", "sms, email, sms", "due-today");
        Settings s = settings(m);

        Cadence cadence = Cadence.read(s);

        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stage.due.channels");
            assertThat(p.problem()).contains("'sms' is listed twice");
        });
        assertThat(cadence.stages().get(0).channels()).containsExactly(SMS, EMAIL);
    }

    @Test
    void missingTemplateAndChannelsAreProblems() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "due");
        m.put("kindly.cadence.stage.due.offset-days", "0");
        Settings s = settings(m);

        Cadence.read(s);

        assertThat(keys(s.problems())).containsExactlyInAnyOrder(
                "kindly.cadence.stage.due.channels", "kindly.cadence.stage.due.template");
        assertThat(s.problems()).allSatisfy(p -> assertThat(p.problem()).startsWith("missing:"));
    }

    @Test
    void templateThatIsNotAFolderNameIsAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "due");
        stage(m, "due", "0", "sms", "../secrets");
        Settings s = settings(m);
        Cadence.read(s);
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stage.due.template");
            assertThat(p.problem()).contains("must be a folder name");
        });
    }

    @Test
    void missingOrOutOfRangeOffsetIsAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "early, late");
        m.put("kindly.cadence.stage.early.channels", "sms");
        m.put("kindly.cadence.stage.early.template", "upcoming");
        stage(m, "late", "400", "sms", "overdue");
        Settings s = settings(m);
        Cadence.read(s);
        assertThat(keys(s.problems())).contains("kindly.cadence.stage.early.offset-days",
                "kindly.cadence.stage.late.offset-days");
        assertThat(s.problems()).anySatisfy(p -> assertThat(p.problem()).startsWith("missing:"));
        assertThat(s.problems()).anySatisfy(p -> assertThat(p.problem()).contains("'400' is out of range"));
        // a stage without a usable offset is not also said to clash with another stage's day
        assertThat(s.problems()).noneSatisfy(p -> assertThat(p.problem()).contains("already falls on day"));
    }

    @Test
    void badStageNameIsAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "Before_3, due");
        stage(m, "Before_3", "-3", "sms", "upcoming");
        stage(m, "due", "0", "sms", "due-today");
        Settings s = settings(m);

        Cadence cadence = Cadence.read(s);

        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stages");
            assertThat(p.problem()).contains("stage name 'Before_3'");
        });
        assertThat(cadence.stages()).extracting(Stage::name).containsExactly("due");
    }

    @Test
    void stageListedTwiceIsAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", "due, later, due");
        stage(m, "due", "0", "sms", "due-today");
        stage(m, "later", "5", "sms", "overdue");
        Settings s = settings(m);

        Cadence cadence = Cadence.read(s);

        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("kindly.cadence.stages");
            assertThat(p.problem()).contains("stage 'due' is listed twice");
        });
        assertThat(cadence.stages()).extracting(Stage::name).containsExactly("due", "later");
    }

    @Test
    void emptyStageListIsAProblem() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kindly.cadence.stages", " , ");
        Settings s = settings(m);
        Cadence cadence = Cadence.read(s);
        assertThat(keys(s.problems())).containsExactly("kindly.cadence.stages");
        assertThat(cadence.stages()).isEmpty();
    }

    @Test
    void constructorRefusesTwoStagesOnOneDay() {
        List<Stage> stages = List.of(new Stage("a", 1, List.of(Channel.SMS), "overdue"),
                new Stage("b", 1, List.of(Channel.EMAIL), "overdue"));
        assertThatThrownBy(() -> new Cadence(stages)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 1");
    }
}
