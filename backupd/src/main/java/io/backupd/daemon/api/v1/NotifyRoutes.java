package io.backupd.daemon.api.v1;

import io.backupd.common.error.BackupException;
import io.backupd.cron.CronEngine;
import io.backupd.http.RequestFields;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/** {@code /notify}: the addresses this node reports run records to (the engine persists them). */
public final class NotifyRoutes implements RouteGroup {
    private final CronEngine engine;

    public NotifyRoutes(CronEngine engine) {
        this.engine = engine;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        routes.put(PREFIX + "/notify", ctx -> {
            engine.addNotifyAddress(httpUrl(RequestFields.of(ctx).required("addr")));
            answer(ctx);
        });
        routes.get(PREFIX + "/notify", this::answer);
        routes.post(PREFIX + "/notify/actions/remove", ctx -> {
            engine.removeNotifyAddress(RequestFields.of(ctx).required("addr"));
            answer(ctx);
        });
    }

    private void answer(Context ctx) {
        ctx.json(Map.of("addr", engine.notifyAddresses()));
    }

    /** Only absolute http(s) URLs with a host: anything else could never be delivered to. */
    static String httpUrl(String addr) {
        try {
            URI uri = new URI(addr.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty()) {
                return addr.trim();
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw BackupException.invalid("addr '" + addr + "' is not an http(s) URL such as http://controller:9003/api/v2/system/notify");
    }
}
