/**
 * Who may call a route. {@link io.backupd.http.auth.ClusterSecret} holds the secret controller and
 * daemons share and derives their credentials; each route declares its
 * {@link io.backupd.http.auth.Access} where it is registered; the server runs one
 * {@link io.backupd.http.auth.Authenticator} before every matched route (the
 * {@link io.backupd.http.auth.ClusterAuthenticator}, or none without a secret, which
 * {@link io.backupd.http.auth.ListenPolicy} allows only on loopback or with {@code --insecure}).
 */
package io.backupd.http.auth;
