package io.backupd.common.api;

/** The task names jobs refer to in their {@code action}; the daemon registers one task per name. */
public final class JobActions {
    public static final String BACKUP = "backup";
    public static final String BACKUP_EXPIRE = "backup_expire";
    public static final String BACKUP_RECOVER = "backup_recover";
    public static final String BACKUP_MIGRATE = "backup_migrate";
    /** Restores chosen files of an incremental snapshot. */
    public static final String BACKUP_RECOVER_FILES = "backup_recover_files";
    /** Verifies a volume's snapshot repository; {@code readData=true} also hashes every chunk. */
    public static final String BACKUP_CHECK = "backup_check";

    private JobActions() {
    }
}
