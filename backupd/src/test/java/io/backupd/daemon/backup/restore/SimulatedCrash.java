package io.backupd.daemon.backup.restore;

/** Thrown from a {@link CrashPoint} to stand for {@code kill -9} at that step (an Error: nothing handles it). */
final class SimulatedCrash extends Error {
    SimulatedCrash(String step) {
        super("simulated crash at " + step, null, false, false);
    }

    static CrashPoint at(String target) {
        return step -> {
            if (step.equals(target)) {
                throw new SimulatedCrash(step);
            }
        };
    }
}
