/**
 * {@link io.backupd.ctl.plan.Planner}: cluster state → each node's job set. Pure and
 * deterministic, so equal states give equal job sets with equal versions; no I/O here.
 */
package io.backupd.ctl.plan;
