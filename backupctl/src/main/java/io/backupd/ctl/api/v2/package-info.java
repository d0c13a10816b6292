/**
 * The controller's {@code /api/v2} (see API.md): system (record notify, state), an app's cron jobs
 * and actions forwarded to the daemon that holds the job, and records from the record store.
 * Routes validate input and translate; they hold no state of their own.
 */
package io.backupd.ctl.api.v2;
