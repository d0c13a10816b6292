/**
 * The controller's {@code /api/v2} (see api-docs/controller-api.md), one route group per
 * feature: backups, cron jobs, records, servers (nodes) and the system (notify, state, database
 * copy). Routes validate input and translate to the feature services; they hold no state of their own.
 * Notify is the one route declared {@code Access.NODE}: with a cluster secret only a daemon's node
 * credential reaches it, and {@link io.backupd.ctl.api.v2.RecordSender} keeps it to that node's records.
 */
package io.backupd.ctl.api.v2;
