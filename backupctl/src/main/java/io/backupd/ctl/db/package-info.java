/**
 * The controller's one database file (MapDB, transactions on): {@link io.backupd.ctl.db.ControllerDb}
 * opens it, hands out the named trees the features keep there (records, sleep states), runs every
 * write as one committed transaction, and writes a consistent copy of the whole file on request.
 */
package io.backupd.ctl.db;
