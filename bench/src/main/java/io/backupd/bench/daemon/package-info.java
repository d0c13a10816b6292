/**
 * The daemon benchmark ({@code bench/daemon.sh}): a real {@code backupd daemon} process is
 * driven over its v1 API only, as a user does with curl, and every backup or restore is timed from
 * the HTTP request that starts it to the arrival of its finished record, pushed to a notify
 * address the driver serves ({@link io.backupd.bench.daemon.RecordInbox}). The peers (GNU tar with
 * gzip, pigz, zstd; restic; rsync) take the same steps on the same folders in the same rounds.
 *
 * <p>Main flow ({@link io.backupd.bench.daemon.DaemonBench}): copy the dataset into the daemon's
 * volume root → start the daemon, stop its scheduling, register the notify address, put the job
 * set ({@link io.backupd.bench.daemon.BenchJobs}) → untimed warm-up on a small volume → per round,
 * groups in alternating order: {@link io.backupd.bench.daemon.FullScenarios} (create, restore) and
 * {@link io.backupd.bench.daemon.IncrementScenarios} (first, mutated, unchanged, restore) → CSV and
 * {@link io.backupd.bench.daemon.DaemonSummary}. Every measurement goes through
 * {@link io.backupd.bench.daemon.Harness}: dirty pages synced, input warmed by the caller, load
 * average read, then the timed part; the daemon's CPU and memory come from {@code /proc}
 * ({@link io.backupd.bench.daemon.DaemonSampler}), the peers' from GNU time.
 */
package io.backupd.bench.daemon;
