/**
 * The controller's original {@code /api/v1} ({@link io.backupd.ctl.api.v1.V1Routes}): a thin mapping
 * of the v1 paths and fields onto the same services the v2 routes use.
 */
package io.backupd.ctl.api.v1;
