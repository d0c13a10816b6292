/**
 * Job records as daemons report them: {@link io.backupd.ctl.records.RecordStore} (idempotent by
 * rid, state only moves forward) and its MapDB implementation in the controller's database,
 * indexed by (app, start) and by start alone, so that newest records, of one app or of all, are
 * read without scanning the rest. {@link io.backupd.ctl.records.RecordQuery} turns the API's
 * total/year/month into a store query.
 */
package io.backupd.ctl.records;
