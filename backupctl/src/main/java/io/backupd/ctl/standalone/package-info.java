/**
 * Standalone mode: one machine, no etcd; the controller plus an embedded daemon on 127.0.0.1.
 * {@link io.backupd.ctl.standalone.StandaloneLayout} is the one place that knows where standalone
 * mode keeps records, backups, volumes and daemon state under its data folder.
 */
package io.backupd.ctl.standalone;
