package io.backupd.daemon.backup.restore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A restore in its own JVM that stops at one crash point and says so on stdout, so that
 * {@link ProcessKillTest} can kill it there with SIGKILL.
 * Args: volume journalDir archive(plain tar) sha256 rid pauseStep.
 */
public final class CrashingRestoreMain {
    private CrashingRestoreMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path volume = Path.of(args[0]);
        Path archive = Path.of(args[2]);
        String pauseAt = args[5];
        CountDownLatch killed = new CountDownLatch(1);
        CrashPoint pause = step -> {
            if (step.equals(pauseAt)) {
                System.out.println("PAUSED " + step);
                System.out.flush();
                try {
                    killed.await(); // until SIGKILL
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Restorer restorer = new Restorer(new VolumeSwap(Path.of(args[1]), pause), ExtractLimits.defaults(), pause);
        restorer.restore(new RestoreRequest(volume, args[4], () -> Files.newInputStream(archive), Decompressor.NONE, args[3]));
        System.out.println("DONE");
    }
}
