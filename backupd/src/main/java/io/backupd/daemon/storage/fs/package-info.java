/**
 * The {@code fs:<dir>} driver: objects are files under a root directory, uploads go to
 * {@code <root>/.backupd-tmp/upload-<host>~<pid>~<random>.part} and are fsynced and renamed into
 * place on commit; a sweep deletes only this host's temporaries that nobody writes any more
 * ({@code TemporarySweep}). Keys that would leave the root, also through a symlink, are refused.
 */
package io.backupd.daemon.storage.fs;
