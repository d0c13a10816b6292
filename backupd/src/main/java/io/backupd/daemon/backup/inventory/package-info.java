/**
 * What backups this storage holds, as the v1 API serves it: {@link
 * io.backupd.daemon.backup.inventory.BackupListing} (all catalogs that a {@link
 * io.backupd.daemon.backup.inventory.ListingFilter} matches, newest first), {@link
 * io.backupd.daemon.backup.inventory.BackupLookup} (one backup by name, through the catalog its
 * name points to) and {@link io.backupd.daemon.backup.inventory.BackupDeletion} (check and find
 * every name → lock the volumes → remove the entries → delete the archives). Everything is read
 * from the catalogs; nothing here holds state.
 */
package io.backupd.daemon.backup.inventory;
