package io.backupd.ctl.backups;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.api.BackupEntity;
import io.backupd.common.api.BackupName;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.ctl.cluster.ConfigSource;
import io.backupd.ctl.daemons.DaemonBackups;
import io.backupd.ctl.daemons.DaemonBackups.FilePage;
import io.backupd.ctl.daemons.DaemonBackups.FileQuery;
import io.backupd.ctl.daemons.FanOut;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Backups of one proc, for the v1 and v2 APIs alike: listing (from every node of the proc),
 * lookup, the files of an incremental backup, and deletion. Restores are {@link BackupRestores}.
 *
 * <p>Every daemon reads the same shared storage, so every node of a proc lists the same backups;
 * the listing still asks all of them (merged by name) so that one node down costs nothing but its
 * name in {@link Listing#unreachable()}. A backup is only ever touched through the app and proc
 * its name says it belongs to, confirmed by that proc's listing: one app cannot see, delete or
 * restore another's backups by naming them.
 */
public final class BackupService {
    private static final Comparator<BackupEntity> NEWEST_FIRST = Comparator
            .comparing(BackupEntity::created, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(BackupEntity::name);

    private final ConfigSource source;
    private final DaemonBackups daemons;
    private final FanOut fanOut;

    public BackupService(ConfigSource source, DaemonBackups daemons, FanOut fanOut) {
        this.source = source;
        this.daemons = daemons;
        this.fanOut = fanOut;
    }

    /** Backups merged from the nodes that answered, newest first, and the nodes that did not. */
    public record Listing(List<BackupEntity> backups, List<String> unreachable) {
        public Listing {
            backups = List.copyOf(backups);
            unreachable = List.copyOf(unreachable);
        }
    }

    public ProcRef proc(String app, String proc) {
        return ProcRef.resolve(source.current(), app, proc);
    }

    /** The proc's backups, of {@code volumes} only when any are given. */
    public Listing list(String app, String proc, List<String> volumes) {
        ProcRef ref = proc(app, proc);
        List<String> checked = volumes.stream().map(v -> BackupNames.checkVolume("volume", v)).distinct().toList();
        return list(ref, checked);
    }

    Listing list(ProcRef ref, List<String> volumes) {
        FanOut.Result<List<BackupEntity>> answers = fanOut.ask(nodesToAsk(ref), node -> daemons.list(node, ref.app(), ref.proc(), volumes))
                .requireAny("the backup listing of " + ref.proc());
        Map<String, BackupEntity> byName = new TreeMap<>();
        answers.answers().values().forEach(list -> list.stream()
                .filter(b -> ref.app().equals(b.app()) && ref.proc().equals(b.proc()))
                .forEach(b -> byName.putIfAbsent(b.name(), b)));
        return new Listing(byName.values().stream().sorted(NEWEST_FIRST).toList(), answers.unreachable());
    }

    /** One backup of the proc; FORBIDDEN when it is another's, NOT_FOUND when there is none. */
    public BackupEntity info(String app, String proc, String name) {
        return info(proc(app, proc), name);
    }

    BackupEntity info(ProcRef ref, String name) {
        BackupName.check(name);
        BackupNames.requireOwned(List.of(name), ref.app(), ref.proc());
        BackupEntity entity = NodeAsker.first(nodesToAsk(ref), "about backup " + name, node -> daemons.info(node, name));
        if (!ref.app().equals(entity.app()) || !ref.proc().equals(entity.proc())) {
            throw new BackupException(ErrorCode.FORBIDDEN, "backup " + name + " belongs to " + entity.app() + "/" + entity.proc()
                    + ", not to " + ref.app() + "/" + ref.proc());
        }
        return entity;
    }

    /**
     * One page of the files inside an incremental backup of the proc, as the daemon pages them
     * ({@code query}'s prefix, after and limit); NOT_FOUND when there is no such backup.
     */
    public FilePage files(String app, String proc, String name, FileQuery query) {
        ProcRef ref = proc(app, proc);
        BackupName.check(name);
        BackupNames.requireOwned(List.of(name), ref.app(), ref.proc());
        query.prefix().ifPresent(prefix -> BackupNames.checkFiles("prefix", List.of(prefix)));
        query.after().ifPresent(after -> BackupNames.checkFiles("after", List.of(after)));
        return NodeAsker.first(nodesToAsk(ref), "for the files of " + name, node -> daemons.fileList(node, name, query));
    }

    /**
     * Deletes backups of the proc, all or none: any name that is not the proc's → FORBIDDEN before
     * any daemon is asked; any name the proc's listing lacks → NOT_FOUND; then one daemon deletes
     * them (it checks and locks all before deleting any). Returns the daemon's answer.
     */
    public JsonNode delete(String app, String proc, List<String> names) {
        ProcRef ref = proc(app, proc);
        if (names.isEmpty()) {
            throw BackupException.invalid("field files is missing: name at least one backup to delete");
        }
        names.forEach(BackupName::check);
        BackupNames.requireOwned(names, ref.app(), ref.proc());
        Set<String> listed = list(ref, List.of()).backups().stream().map(BackupEntity::name).collect(Collectors.toSet());
        List<String> unknown = names.stream().filter(n -> !listed.contains(n)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new BackupException(ErrorCode.NOT_FOUND, "no backup of " + ref.proc() + " named " + String.join(", ", unknown)
                    + "; nothing was deleted", Map.of("unknown", unknown), null);
        }
        List<String> unique = names.stream().distinct().toList();
        return NodeAsker.first(nodesToAsk(ref), "the delete of " + unique, node -> daemons.delete(node, unique));
    }

    /** The proc's nodes; a proc with no instance running still has backups, which any node can list. */
    private List<String> nodesToAsk(ProcRef ref) {
        List<String> nodes = ref.nodes();
        return nodes.isEmpty() ? source.current().nodes() : nodes;
    }
}
