/**
 * Hooks: the {@code pre_run} / {@code post_run} commands an app declares for a backed-up volume.
 * A {@link io.backupd.daemon.hooks.HookRunner} runs one command for one instance with a timeout
 * and returns its exit code and output tail; {@code DockerHookRunner} runs it inside the container
 * ({@code docker exec}) once {@code ContainerMounts} has seen it mount the instance's volume
 * directory, {@code LocalHookRunner} on this host for standalone mode. The backup task
 * decides when hooks run; this package only knows how.
 */
package io.backupd.daemon.hooks;
