/**
 * Job records as daemons report them: {@link io.backupd.ctl.records.RecordStore} (idempotent by
 * rid, state only moves forward) and its MapDB implementation, indexed by (app, start) so that an
 * app's newest records are read without scanning the rest.
 */
package io.backupd.ctl.records;
