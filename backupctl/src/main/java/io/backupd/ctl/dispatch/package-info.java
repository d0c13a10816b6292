/**
 * Getting the plan onto the daemons. {@link io.backupd.ctl.dispatch.Dispatcher} plans each new
 * cluster state, pushes the job set of every node whose version changed (each job with the sleep
 * state remembered in {@link io.backupd.ctl.dispatch.SleepStates}), registers the controller's
 * notify address, and reconciles periodically against each daemon's {@code /api/v1/debug}. One
 * node's failure is retried with backoff and never holds up another; a node that left the plan is
 * emptied once and forgotten.
 */
package io.backupd.ctl.dispatch;
