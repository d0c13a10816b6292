package io.backupd.common.api;

/** The task names jobs refer to in their {@code action}; the daemon registers one task per name. */
public final class JobActions {
    public static final String BACKUP = "backup";
    public static final String BACKUP_EXPIRE = "backup_expire";
    public static final String BACKUP_RECOVER = "backup_recover";
    public static final String BACKUP_MIGRATE = "backup_migrate";

    private JobActions() {
    }
}
