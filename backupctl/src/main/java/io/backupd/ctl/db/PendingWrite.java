package io.backupd.ctl.db;

import java.util.function.Supplier;

/**
 * One caller's change waiting in {@link ControllerDb}'s group commit, and what became of it. Its
 * state is only touched under the database's write lock, which also publishes it to the caller.
 */
final class PendingWrite<T> {
    private final Supplier<T> change;
    private T applied;
    private boolean finished;
    private T result;
    private RuntimeException failure;

    PendingWrite(Supplier<T> change) {
        this.change = change;
    }

    /** Runs the change inside the open transaction; its result counts only once committed. */
    void apply() {
        applied = change.get();
    }

    void succeed() {
        result = applied;
        finished = true;
    }

    void fail(RuntimeException e) {
        failure = e;
        finished = true;
    }

    boolean finished() {
        return finished;
    }

    /** The change's result, or its failure thrown in the caller's thread. */
    T outcome() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
