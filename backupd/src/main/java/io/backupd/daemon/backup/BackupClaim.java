package io.backupd.daemon.backup;

import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.cron.TaskContext;
import io.backupd.cron.Trigger;
import java.nio.file.Path;

/**
 * What a backup holds while it runs: a backup slot and its volume. Taken slot first, so a backup
 * waiting for a slot holds no volume and no restore is refused meanwhile. A scheduled backup that
 * then finds its volume busy gives the slot back while it waits for the volume (a slot must not
 * sit idle behind the other backup of the same volume while backups of other volumes queue for
 * it) and takes a slot again once the volume is its own. A requested backup fails at once with
 * VOLUME_BUSY. Closing releases both. Used by one thread.
 */
final class BackupClaim implements AutoCloseable {
    private final BackupSlots.Held slot;
    private final VolumeLocks.Held volume;

    private BackupClaim(BackupSlots.Held slot, VolumeLocks.Held volume) {
        this.slot = slot;
        this.volume = volume;
    }

    static BackupClaim take(BackupSlots slots, VolumeLocks locks, Path volumeDir, TaskContext ctx) {
        BackupSlots.Held slot = slots.acquire(ctx.rid(), ctx::cancelled);
        try {
            return new BackupClaim(slot, locks.acquire(volumeDir, ctx.rid()));
        } catch (BackupException e) {
            slot.close();
            if (e.code() != ErrorCode.VOLUME_BUSY || ctx.trigger() != Trigger.SCHEDULED) {
                throw e;
            }
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
        VolumeLocks.Held volume = locks.await(volumeDir, ctx.rid(), ctx::cancelled);
        try {
            return new BackupClaim(slots.acquire(ctx.rid(), ctx::cancelled), volume);
        } catch (RuntimeException e) {
            volume.close();
            throw e;
        }
    }

    /** The volume's claim: how long it waited for it, and behind whom. */
    VolumeLocks.Held volume() {
        return volume;
    }

    @Override
    public void close() {
        volume.close();
        slot.close();
    }
}
