/**
 * Notification of run records: {@link io.backupd.daemon.notify.OkHttpDelivery} is the engine's
 * {@link io.backupd.cron.Delivery}; it POSTs one record as JSON to one address, with this node's
 * credential when there is a cluster secret. Retries and
 * durability are the engine's outbox's business.
 */
package io.backupd.daemon.notify;
