/**
 * The {@code fs:<dir>} driver: objects are files under a root directory, uploads go to
 * {@code <root>/.backupd-tmp/} and are fsynced and renamed into place on commit. Keys that would
 * leave the root, also through a symlink, are refused.
 */
package io.backupd.daemon.storage.fs;
