package io.backupd.common.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.backupd.common.error.BackupException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the backup declarations out of a lain.yaml. Procs are the keys {@code web},
 * {@code web.NAME}, {@code worker.NAME}, {@code service.NAME}, {@code portal.NAME} and
 * {@code proc.NAME} (whose {@code type} defaults to worker); other keys are not this parser's
 * business. A backup entry without a schedule is skipped with a note, as Lain does; anything else
 * malformed is refused with an error naming app, proc, volume and field, as is a volume listed
 * twice in one proc and a schedule that never fires or fires more often than the minimum interval.
 */
public final class LainYamlParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> PROC_TYPES = Set.of("web", "worker", "service", "portal");
    private static final Set<String> VOLUME_KEYS = Set.of("backup_full", "backup_increment");
    private static final String FORMAT = "format";
    private static final Set<String> BACKUP_KEYS = Set.of("schedule", "expire", "pre_run", "post_run");
    private static final Set<String> FULL_KEYS = Set.of("schedule", "expire", "pre_run", "post_run", FORMAT);
    private static final int MAX_INSTANCES = 1000;

    private final Duration minInterval;

    /** Schedules may fire at most once every {@link Schedule#DEFAULT_MIN_INTERVAL}. */
    public LainYamlParser() {
        this(Schedule.DEFAULT_MIN_INTERVAL);
    }

    public LainYamlParser(Duration minInterval) {
        this.minInterval = minInterval;
    }

    public AppDeclaration parse(String yamlText, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yamlText);
        } catch (JsonProcessingException e) {
            throw BackupException.invalid(source + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw BackupException.invalid(source + ": a lain.yaml must be a mapping at the top level");
        }
        JsonNode appNode = root.get("appname");
        if (appNode == null || !appNode.isTextual() || appNode.asText().isBlank()) {
            throw BackupException.invalid(source + ": field appname is missing");
        }
        String app = appNode.asText();
        SpecValidator.checkName("appname", app, app, null);
        List<ProcDeclaration> procs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            procKey(app, field.getKey(), field.getValue()).ifPresent(key -> procs.add(proc(app, key, field.getValue(), notes)));
        }
        return new AppDeclaration(app, procs, notes);
    }

    private record ProcKey(String type, String name) {
    }

    private static java.util.Optional<ProcKey> procKey(String app, String key, JsonNode body) {
        String[] parts = key.split("\\.", 2);
        if (parts[0].equals("web") && parts.length == 1) {
            return java.util.Optional.of(new ProcKey("web", "web"));
        }
        if (parts.length != 2 || !(PROC_TYPES.contains(parts[0]) || parts[0].equals("proc"))) {
            return java.util.Optional.empty();
        }
        String type = parts[0];
        if (type.equals("proc")) {
            JsonNode declared = body == null ? null : body.get("type");
            type = declared == null || declared.isNull() ? "worker" : declared.asText();
            if (!PROC_TYPES.contains(type)) {
                throw SpecValidator.error(app, key, null, "type", "type '" + type + "' is not one of " + PROC_TYPES);
            }
        }
        SpecValidator.checkName("proc name", parts[1], app, key);
        return java.util.Optional.of(new ProcKey(type, parts[1]));
    }

    private ProcDeclaration proc(String app, ProcKey key, JsonNode body, List<String> notes) {
        String proc = key.name();
        int instances = instances(app, proc, body);
        String fullName = app + "." + key.type() + "." + key.name();
        List<BackupSpec> specs = new ArrayList<>();
        JsonNode volumes = body == null ? null : body.get("volumes");
        if (volumes != null && !volumes.isNull()) {
            if (!volumes.isArray()) {
                throw SpecValidator.error(app, proc, null, "volumes", "volumes must be a list");
            }
            Map<String, String> keys = new HashMap<>();
            for (JsonNode volume : volumes) {
                specs.addAll(volume(app, proc, fullName, volume, notes, keys));
            }
        }
        return new ProcDeclaration(proc, key.type(), fullName, instances, specs);
    }

    private static int instances(String app, String proc, JsonNode body) {
        JsonNode n = body == null ? null : body.get("num_instances");
        if (n == null || n.isNull()) {
            return 1;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0 || n.asInt() > MAX_INSTANCES) {
            throw SpecValidator.error(app, proc, null, "num_instances", "num_instances must be a whole number from 0 to " + MAX_INSTANCES);
        }
        return n.asInt();
    }

    private List<BackupSpec> volume(String app, String proc, String fullName, JsonNode volume, List<String> notes,
                                    Map<String, String> keys) {
        if (volume.isTextual()) {
            SpecValidator.checkVolume(volume.asText(), app, proc);
            claimKey(app, proc, volume.asText(), keys);
            return List.of();
        }
        if (!volume.isObject() || volume.size() != 1) {
            throw SpecValidator.error(app, proc, null, "volumes", "each volume is a path, or a mapping of one path to its backups");
        }
        Map.Entry<String, JsonNode> only = volume.fields().next();
        String path = only.getKey();
        SpecValidator.checkVolume(path, app, proc);
        claimKey(app, proc, path, keys);
        JsonNode body = only.getValue();
        if (body == null || body.isNull()) {
            return List.of();
        }
        if (!body.isObject()) {
            throw SpecValidator.error(app, proc, path, "volumes", "the backups of a volume must be a mapping");
        }
        List<BackupSpec> specs = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!VOLUME_KEYS.contains(name)) {
                throw SpecValidator.error(app, proc, path, name, "unknown key " + name + "; expected one of " + VOLUME_KEYS);
            }
            BackupMode mode = name.equals("backup_full") ? BackupMode.FULL : BackupMode.INCREMENT;
            backup(app, proc, fullName, path, mode, body.get(name), notes).ifPresent(specs::add);
        }
        return specs;
    }

    /** Each volume of a proc once, and no two whose storage keys ({@code /a-b}, {@code /a/b}) are the same. */
    private static void claimKey(String app, String proc, String path, Map<String, String> keys) {
        String key = path.substring(1).replace('/', '-');
        String clash = keys.putIfAbsent(key, path);
        if (clash != null && clash.equals(path)) {
            throw SpecValidator.error(app, proc, path, "volumes", "volume " + path + " is declared twice; list it once");
        }
        if (clash != null) {
            throw SpecValidator.error(app, proc, path, "volumes", "volume " + path + " and " + clash + " would share the storage key " + key);
        }
    }

    private java.util.Optional<BackupSpec> backup(String app, String proc, String fullName, String path, BackupMode mode,
                                                  JsonNode body, List<String> notes) {
        String field = "backup_" + mode.wireName();
        if (body == null || body.isNull()) {
            notes.add("app " + app + ", proc " + proc + ", volume " + path + ": " + field + " has no schedule; skipped");
            return java.util.Optional.empty();
        }
        if (!body.isObject()) {
            throw SpecValidator.error(app, proc, path, field, field + " must be a mapping");
        }
        Set<String> keys = mode == BackupMode.FULL ? FULL_KEYS : BACKUP_KEYS;
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals(FORMAT) && mode == BackupMode.INCREMENT) {
                throw SpecValidator.formatOfIncrement(app, proc, path);
            }
            if (!keys.contains(name)) {
                throw SpecValidator.error(app, proc, path, field + "." + name, "unknown key " + name + "; expected one of " + keys);
            }
            if (!body.get(name).isValueNode() || body.get(name).isNull() && !name.equals("schedule")) {
                throw SpecValidator.error(app, proc, path, field + "." + name, name + " must be a string");
            }
        }
        String schedule = text(body, "schedule");
        if (schedule.isBlank()) {
            notes.add("app " + app + ", proc " + proc + ", volume " + path + ": " + field + " has no schedule; skipped");
            return java.util.Optional.empty();
        }
        FullFormat format = body.has(FORMAT) ? SpecValidator.checkFormat(text(body, FORMAT), app, proc, path, field + "." + FORMAT)
                : null;
        BackupSpec spec = new BackupSpec(fullName, path, schedule, text(body, "expire"), mode,
                text(body, "pre_run"), text(body, "post_run"), format);
        return java.util.Optional.of(SpecValidator.check(spec, app, proc, minInterval));
    }

    private static String text(JsonNode body, String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() ? "" : n.asText().trim();
    }

}
