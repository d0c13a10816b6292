package io.backupd.common.spec;

import java.util.List;

/** What one lain.yaml declares for backup: the app, its procs, and notes on entries skipped (no schedule). */
public record AppDeclaration(String appname, List<ProcDeclaration> procs, List<String> notes) {
    public AppDeclaration {
        procs = List.copyOf(procs);
        notes = List.copyOf(notes);
    }
}
