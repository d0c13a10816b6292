package io.backupd.cron;

import io.backupd.common.api.EngineStatus;
import io.backupd.common.api.Job;
import io.backupd.common.api.JobRecord;
import java.util.function.BooleanSupplier;

/** A run the engine accepted and has not finished: its {@code running} record, what started it, task and progress. */
record Run(JobRecord started, Trigger trigger, Task task, Progress progress, BooleanSupplier cancelSignal) implements TaskContext {

    @Override
    public Job job() {
        return started.job();
    }

    @Override
    public String rid() {
        return started.rid();
    }

    @Override
    public boolean cancelled() {
        return cancelSignal.getAsBoolean();
    }

    EngineStatus.RunningTask status() {
        return new EngineStatus.RunningTask(rid(), started.id(), started.action(), started.start(), progress.snapshot());
    }
}
