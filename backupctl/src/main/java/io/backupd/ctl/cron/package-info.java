/**
 * The planned cron jobs as the APIs show them ({@link io.backupd.ctl.cron.CronJobs}): per app, per
 * node, or all with the daemons' live sleep states; and run, sleep and wakeup of one job, forwarded
 * to the daemon that holds it.
 */
package io.backupd.ctl.cron;
