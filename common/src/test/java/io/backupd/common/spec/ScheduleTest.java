package io.backupd.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupd.common.error.BackupException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void unixFormFiresOnTheMinute() {
        Schedule s = Schedule.parse("0 23 * * *");
        Instant from = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(s.next(from, UTC)).contains(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(s.previous(from, UTC)).contains(Instant.parse("2026-11-21T23:00:00Z"));
    }

    @Test
    void secondsFormAndMacros() {
        Instant from = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(Schedule.parse("*/15 * * * * *").next(from, UTC)).contains(Instant.parse("2026-11-22T10:00:15Z"));
        assertThat(Schedule.parse("@hourly").next(from, UTC)).contains(Instant.parse("2026-11-22T11:00:00Z"));
        assertThat(Schedule.parse("@daily").next(from, UTC)).contains(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(Schedule.parse("@weekly").next(from, UTC)).contains(Instant.parse("2026-11-29T00:00:00Z"));
        assertThat(Schedule.parse("@monthly").next(from, UTC)).contains(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(Schedule.parse("@yearly").next(from, UTC)).contains(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void nextIsStrictlyAfter() {
        Instant slot = Instant.parse("2026-11-22T23:00:00Z");
        assertThat(Schedule.parse("0 23 * * *").next(slot, UTC)).contains(Instant.parse("2026-11-23T23:00:00Z"));
    }

    @Test
    void aScheduleThatNeverFiresIsRefused() {
        for (String never : new String[] {"0 0 30 2 *", "0 0 31 4 *", "0 0 0 31 11 *"}) {
            assertThatThrownBy(() -> Schedule.parse(never)).as(never).isInstanceOf(BackupException.class)
                    .hasMessageContaining("never fires");
        }
        assertThat(Schedule.parse("0 0 29 2 *").text()).isEqualTo("0 0 29 2 *");
    }

    @Test
    void theShortestGapBetweenFiresIsFoundWhereverItIs() {
        Duration minute = Duration.ofMinutes(1);
        assertThat(Schedule.parse("* * * * * *").gapUnder(minute)).contains(Duration.ofSeconds(1));
        assertThat(Schedule.parse("*/30 * * * * *").gapUnder(minute)).contains(Duration.ofSeconds(30));
        assertThat(Schedule.parse("0,1 0 * * * *").gapUnder(minute)).contains(Duration.ofSeconds(1));
        // the two fires 1 s apart are hidden in the 23rd hour of a day
        assertThat(Schedule.parse("0,59 59 22 * * *").gapUnder(minute)).contains(Duration.ofSeconds(59));
        // across midnight: 23:59:30 then 00:00:00
        assertThat(Schedule.parse("30 59 23 * * *").gapUnder(minute)).isEmpty();
        assertThat(Schedule.parse("0,30 59,0 23,0 * * *").gapUnder(minute)).contains(Duration.ofSeconds(30));
        assertThat(Schedule.parse("30 59 23 * * *").gapUnder(Duration.ofDays(2))).contains(Duration.ofDays(1));
        assertThat(Schedule.parse("* * * * *").gapUnder(minute)).isEmpty();
        assertThat(Schedule.parse("0 23 * * *").gapUnder(minute)).isEmpty();
        assertThat(Schedule.parse("@yearly").gapUnder(Duration.ofDays(30))).isEmpty();
        // steps across minutes and hours, less what the finer fields span
        assertThat(Schedule.parse("0,50 0,1 * * * *").gapUnder(minute)).contains(Duration.ofSeconds(10));
        assertThat(Schedule.parse("0 59 0,1 * * *").gapUnder(Duration.ofHours(2))).contains(Duration.ofHours(1));
        assertThat(Schedule.parse("0 0,59 3,4 * * *").gapUnder(Duration.ofMinutes(2))).contains(Duration.ofMinutes(1));
        assertThat(Schedule.parse("*/5 * * * *").gapUnder(Duration.ofMinutes(5))).isEmpty();
        assertThat(Schedule.parse("*/5 * * * *").gapUnder(Duration.ofMinutes(6))).contains(Duration.ofMinutes(5));
    }

    @Test
    void refusesWhatIsNotCron() {
        for (String bad : List.of("61 25 * * *", "", "* * *", "@sometimes", "a b c d e", "0 0 32 * *")) {
            assertThatThrownBy(() -> Schedule.parse(bad), bad)
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("schedule");
        }
    }

    @Test
    void dailyJobInTheSpringForwardGapFiresOnceThatDay() {
        // 2026-03-29: Berlin jumps from 02:00 to 03:00; 02:30 does not exist.
        List<ZonedDateTime> fires = firesBetween("30 2 * * *", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z");
        assertThat(fires).extracting(ZonedDateTime::toLocalDate)
                .containsExactly(LocalDate.parse("2026-03-28"), LocalDate.parse("2026-03-29"), LocalDate.parse("2026-03-30"));
        assertThat(fires.get(1).toLocalTime().toString()).isEqualTo("03:00");
    }

    @Test
    void dailyJobInTheFallBackOverlapFiresOnceThatDay() {
        // 2026-10-25: Berlin goes back from 03:00 to 02:00; 02:30 happens twice.
        List<ZonedDateTime> fires = firesBetween("30 2 * * *", "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z");
        assertThat(fires).extracting(ZonedDateTime::toLocalDate)
                .containsExactly(LocalDate.parse("2026-10-24"), LocalDate.parse("2026-10-25"), LocalDate.parse("2026-10-26"));
        assertThat(fires.get(1).getOffset().getTotalSeconds()).isEqualTo(7200);
    }

    @Test
    void hourlyJobFiresInEveryRealHourAcrossFallBack() {
        List<ZonedDateTime> fires = firesBetween("0 * * * *", "2026-10-24T23:30:00Z", "2026-10-25T03:30:00Z");
        // UTC hours 00..03 are four real hours: 02:00 CEST, 02:00 CET, 03:00 CET, 04:00 CET
        assertThat(fires).hasSize(4);
    }

    private static List<ZonedDateTime> firesBetween(String cron, String from, String to) {
        Schedule s = Schedule.parse(cron);
        List<ZonedDateTime> fires = new ArrayList<>();
        Instant at = Instant.parse(from);
        Instant end = Instant.parse(to);
        while (true) {
            at = s.next(at, BERLIN).orElseThrow();
            if (!at.isBefore(end)) {
                return fires;
            }
            fires.add(at.atZone(BERLIN));
        }
    }
}
