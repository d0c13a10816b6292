package io.backupd.daemon.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash at every step of a restore, then recovery as at daemon start: the volume holds exactly
 * the old or exactly the new content (names, bytes, modes, owners, mtimes, symlink targets), it
 * is the same directory inode, and no staging folder, old folder or journal is left.
 */
class SwapCrashTest {
    private static final byte[] ARCHIVE = RestoreFixture.newContentArchive();
    /** Sorted new top-level entries are a-new.txt, shared, z-dir, z-link: fail on the second. */
    private static final String FAILING_MOVE = "swap:moved-new:shared";

    @TestFactory
    Stream<DynamicTest> crashAtEveryStepThenRecover(@TempDir Path tmp) {
        RestoreFixture probe = new RestoreFixture(tmp.resolve("probe"));
        Map<String, String> oldContent = TreeSnapshot.of(probe.volume);
        List<String> steps = new ArrayList<>();
        probe.restore(probe.restorer(steps::add), ARCHIVE, "r1");
        Map<String, String> newContent = TreeSnapshot.of(probe.volume);

        assertThat(steps).containsExactly(
                "begin:journal-written", "restore:extracted", "swap:old-dir-created", "swap:journal-swapping",
                "swap:moved-old:bin", "swap:moved-old:empty", "swap:moved-old:link", "swap:moved-old:old.txt",
                "swap:moved-old:shared", "swap:old-moved",
                "swap:moved-new:a-new.txt", "swap:moved-new:shared", "swap:moved-new:z-dir", "swap:moved-new:z-link",
                "swap:new-moved", "swap:journal-committed", "swap:old-deleted", "swap:staging-deleted",
                "swap:journal-deleted");
        assertThat(newContent).isNotEqualTo(oldContent);
        int swapBegun = steps.indexOf("swap:journal-swapping");

        return IntStream.range(0, steps.size()).mapToObj(i -> dynamicTest(steps.get(i), () -> {
            RestoreFixture fx = new RestoreFixture(tmp.resolve("crash-" + i));
            long inode = TreeSnapshot.inode(fx.volume);

            assertThatThrownBy(() -> fx.restore(fx.restorer(SimulatedCrash.at(steps.get(i))), ARCHIVE, "r1"))
                    .isInstanceOf(SimulatedCrash.class);
            RecoveryReport report = fx.swap(CrashPoint.NONE).recover();

            boolean forward = i >= swapBegun;
            assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(forward ? newContent : oldContent);
            assertRecovered(fx, inode, report, forward ? RecoveryReport.Outcome.NEW_CONTENT : RecoveryReport.Outcome.OLD_CONTENT,
                    steps.get(i).equals("swap:journal-deleted"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> crashWhileRollingBackAFailedSwapThenRecover(@TempDir Path tmp) {
        RestoreFixture probe = new RestoreFixture(tmp.resolve("probe"));
        Map<String, String> oldContent = TreeSnapshot.of(probe.volume);
        List<String> steps = new ArrayList<>();
        CrashPoint failMove = step -> {
            steps.add(step);
            if (step.equals(FAILING_MOVE)) {
                throw new IllegalStateException("injected I/O failure");
            }
        };

        assertThatThrownBy(() -> probe.restore(probe.restorer(failMove), ARCHIVE, "r1"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains("injected I/O failure").endsWith("the volume keeps its old content");
                });
        assertThat(TreeSnapshot.of(probe.volume)).isEqualTo(oldContent);
        assertThat(probe.debrisBesideVolume()).isEmpty();
        assertThat(probe.journalFiles()).isEmpty();
        List<String> rollbackSteps = steps.subList(steps.indexOf(FAILING_MOVE) + 1, steps.size());
        assertThat(rollbackSteps).containsExactly(
                "rollback:journal-written", "rollback:moved-new-back:a-new.txt", "rollback:moved-new-back:shared",
                "rollback:moved-old-back:bin", "rollback:moved-old-back:empty", "rollback:moved-old-back:link",
                "rollback:moved-old-back:old.txt", "rollback:moved-old-back:shared", "rollback:restored",
                "rollback:journal-rolled-back",
                "rollback:staging-deleted", "rollback:old-deleted", "rollback:journal-deleted");

        return IntStream.range(0, rollbackSteps.size()).mapToObj(i -> dynamicTest(rollbackSteps.get(i), () -> {
            RestoreFixture fx = new RestoreFixture(tmp.resolve("rollback-" + i));
            long inode = TreeSnapshot.inode(fx.volume);
            String crashStep = rollbackSteps.get(i);
            CrashPoint failThenCrash = step -> {
                if (step.equals(FAILING_MOVE)) {
                    throw new IllegalStateException("injected I/O failure");
                }
                if (step.equals(crashStep)) {
                    throw new SimulatedCrash(step);
                }
            };

            assertThatThrownBy(() -> fx.restore(fx.restorer(failThenCrash), ARCHIVE, "r1")).isInstanceOf(SimulatedCrash.class);
            RecoveryReport report = fx.swap(CrashPoint.NONE).recover();

            assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(oldContent);
            assertRecovered(fx, inode, report, RecoveryReport.Outcome.OLD_CONTENT, crashStep.equals("rollback:journal-deleted"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> aLiveFailureAtAnyStepBeforeCommitLeavesTheOldContentAndNoDebris(@TempDir Path tmp) {
        RestoreFixture probe = new RestoreFixture(tmp.resolve("probe"));
        Map<String, String> oldContent = TreeSnapshot.of(probe.volume);
        List<String> steps = new ArrayList<>();
        probe.restore(probe.restorer(steps::add), ARCHIVE, "r1");

        return steps.subList(0, steps.indexOf("swap:journal-committed") + 1).stream().map(step -> dynamicTest(step, () -> {
            RestoreFixture fx = new RestoreFixture(tmp.resolve("fail-" + steps.indexOf(step)));
            CrashPoint fail = at -> {
                if (at.equals(step)) {
                    throw new IllegalStateException("injected failure at " + at);
                }
            };

            assertThatThrownBy(() -> fx.restore(fx.restorer(fail), ARCHIVE, "r1"))
                    .hasMessageContaining("injected failure at " + step);

            assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(oldContent);
            assertThat(fx.debrisBesideVolume()).isEmpty();
            assertThat(fx.journalFiles()).isEmpty();
            fx.restore(fx.restorer(CrashPoint.NONE), ARCHIVE, "r2"); // and the volume is not left busy
        }));
    }

    @Test
    void aCrashDuringRecoveryIsFinishedByTheNextRecovery(@TempDir Path tmp) {
        RestoreFixture probe = new RestoreFixture(tmp.resolve("probe"));
        probe.restore(probe.restorer(CrashPoint.NONE), ARCHIVE, "r1");
        Map<String, String> newContent = TreeSnapshot.of(probe.volume);
        RestoreFixture fx = new RestoreFixture(tmp.resolve("fx"));
        long inode = TreeSnapshot.inode(fx.volume);

        assertThatThrownBy(() -> fx.restore(fx.restorer(SimulatedCrash.at("swap:moved-old:link")), ARCHIVE, "r1"))
                .isInstanceOf(SimulatedCrash.class);
        assertThatThrownBy(() -> fx.swap(SimulatedCrash.at("swap:moved-new:shared")).recover())
                .isInstanceOf(SimulatedCrash.class);
        RecoveryReport report = fx.swap(CrashPoint.NONE).recover();

        assertThat(TreeSnapshot.of(fx.volume)).isEqualTo(newContent);
        assertRecovered(fx, inode, report, RecoveryReport.Outcome.NEW_CONTENT, false);
    }

    @Test
    void anUnfinishedRestoreMakesTheVolumeBusyUntilRecovered(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        assertThatThrownBy(() -> fx.restore(fx.restorer(SimulatedCrash.at("swap:moved-old:bin")), ARCHIVE, "r1"))
                .isInstanceOf(SimulatedCrash.class);

        assertThatThrownBy(() -> fx.restore(fx.restorer(CrashPoint.NONE), ARCHIVE, "r2"))
                .isInstanceOfSatisfying(BackupException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_BUSY);
                    assertThat(e.getMessage()).contains("unfinished restore (r1, SWAPPING)");
                });
        fx.swap(CrashPoint.NONE).recover();
        fx.restore(fx.restorer(CrashPoint.NONE), ARCHIVE, "r2");
        assertThat(fx.journalFiles()).isEmpty();
    }

    @Test
    void aCommittedRestoreWhoseCleanupDidNotFinishIsCleanedByTheNextRestore(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        assertThatThrownBy(() -> fx.restore(fx.restorer(SimulatedCrash.at("swap:journal-committed")), ARCHIVE, "r1"))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(fx.debrisBesideVolume()).containsExactly(".data.old-r1", ".data.restore-r1");

        fx.restore(fx.restorer(CrashPoint.NONE), ARCHIVE, "r2");

        assertThat(fx.debrisBesideVolume()).isEmpty();
        assertThat(fx.journalFiles()).isEmpty();
    }

    @Test
    void aSecondRestoreOfTheSameVolumeWhileOneRunsIsBusy(@TempDir Path tmp) {
        RestoreFixture fx = new RestoreFixture(tmp);
        VolumeSwap swap = fx.swap(CrashPoint.NONE);
        Restorer restorer = new Restorer(swap, ExtractLimits.defaults(), CrashPoint.NONE);
        swap.begin(fx.volume, "running");

        assertThatThrownBy(() -> restorer.restore(fx.request(ARCHIVE, "r2")))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_BUSY));
        swap.abandon(fx.volume, "running");
        restorer.restore(fx.request(ARCHIVE, "r2"));
        assertThat(fx.debrisBesideVolume()).isEmpty();
    }

    private static void assertRecovered(RestoreFixture fx, long inode, RecoveryReport report,
                                        RecoveryReport.Outcome outcome, boolean nothingToRecover) {
        assertThat(TreeSnapshot.inode(fx.volume)).as("volume inode").isEqualTo(inode);
        assertThat(fx.debrisBesideVolume()).as("staging/old folders").isEmpty();
        assertThat(fx.journalFiles()).as("journals").isEmpty();
        if (nothingToRecover) {
            assertThat(report.actions()).isEmpty();
        } else {
            assertThat(report.actions()).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(outcome));
        }
        assertThat(fx.swap(CrashPoint.NONE).recover().actions()).as("a second recovery").isEmpty();
    }
}
