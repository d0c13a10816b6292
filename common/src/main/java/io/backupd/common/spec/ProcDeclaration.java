package io.backupd.common.spec;

import java.util.List;

/**
 * One proc of an app: short {@code name} ({@code web}), {@code type}, full name
 * ({@code hello.web.web}), how many instances it runs, and its volumes' backup specs.
 */
public record ProcDeclaration(String name, String type, String fullName, int numInstances, List<BackupSpec> backups) {
    public ProcDeclaration {
        backups = List.copyOf(backups);
    }
}
