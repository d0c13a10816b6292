package io.backupd.common.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.backupd.common.error.BackupException;
import io.backupd.common.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code backup} list out of a pod group's annotation (a JSON document carried as a
 * string by Lain's deployd). Each spec is held to the same rules as lain.yaml, and one volume may
 * have at most one spec of each mode.
 */
public final class AnnotationParser {
    private final Duration minInterval;

    /** Schedules may fire at most once every {@link Schedule#DEFAULT_MIN_INTERVAL}. */
    public AnnotationParser() {
        this(Schedule.DEFAULT_MIN_INTERVAL);
    }

    public AnnotationParser(Duration minInterval) {
        this.minInterval = minInterval;
    }

    /** The specs of {@code procFullName}; INVALID_ARGUMENT naming the proc when the annotation is malformed. */
    public List<BackupSpec> parse(String annotation, String procFullName) {
        String app = procFullName.contains(".") ? procFullName.substring(0, procFullName.indexOf('.')) : procFullName;
        if (annotation == null || annotation.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(annotation);
        } catch (JsonProcessingException e) {
            throw SpecValidator.error(app, procFullName, null, "Spec.Pod.Annotation", "annotation is not valid JSON: " + e.getOriginalMessage());
        }
        if (!root.isObject()) {
            throw SpecValidator.error(app, procFullName, null, "Spec.Pod.Annotation", "annotation must be a JSON object");
        }
        JsonNode backup = root.get("backup");
        if (backup == null || backup.isNull()) {
            return List.of();
        }
        if (!backup.isArray()) {
            throw SpecValidator.error(app, procFullName, null, "backup", "annotation field backup must be a list");
        }
        List<BackupSpec> specs = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        for (JsonNode item : backup) {
            JsonNode format = item.get("format");
            if (format != null && !format.isNull()) {
                // checked before Jackson reads the spec, so the error names the field rather than the whole entry
                SpecValidator.checkFormat(format.asText(), app, procFullName, item.path("volume").asText(null), "format");
            }
            BackupSpec spec;
            try {
                spec = Json.mapper().treeToValue(item, BackupSpec.class);
            } catch (JsonProcessingException | BackupException e) {
                throw SpecValidator.error(app, procFullName, item.path("volume").asText(null), "backup", "backup spec is malformed: " + e.getMessage());
            }
            if (spec.schedule() == null || spec.schedule().isBlank()) {
                continue;
            }
            if (spec.procname() != null && !spec.procname().equals(procFullName)) {
                throw SpecValidator.error(app, procFullName, spec.volume(), "procname",
                        "procname '" + spec.procname() + "' does not match the pod group " + procFullName);
            }
            SpecValidator.check(spec, app, procFullName, minInterval);
            if (!declared.add(spec.volume() + " " + spec.mode().wireName())) {
                throw SpecValidator.error(app, procFullName, spec.volume(), "backup", "the " + spec.mode().wireName()
                        + " backup of volume " + spec.volume() + " is declared twice; keep one");
            }
            specs.add(spec);
        }
        return specs;
    }
}
