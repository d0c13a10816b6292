package io.backupd.ctl.api;

import io.javalin.http.Context;
import java.util.List;

/**
 * Answers of fan-outs: the body keeps its usual shape, and the nodes that did not answer are named
 * in {@code X-Backupd-Unreachable: <ip>,<ip>} (api-docs/controller-api.md), so a partial answer is never mistaken for a
 * complete one and never turned into an error.
 */
public final class Partial {
    public static final String HEADER = "X-Backupd-Unreachable";

    private Partial() {
    }

    public static void json(Context ctx, Object body, List<String> unreachable) {
        if (!unreachable.isEmpty()) {
            ctx.header(HEADER, String.join(",", unreachable));
        }
        ctx.json(body);
    }
}
