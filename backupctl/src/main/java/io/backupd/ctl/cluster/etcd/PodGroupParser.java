package io.backupd.ctl.cluster.etcd;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.backupd.common.error.BackupException;
import io.backupd.common.error.ErrorCode;
import io.backupd.common.json.Json;
import io.backupd.common.spec.AnnotationParser;
import io.backupd.common.spec.BackupSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one deployd pod group value into a {@link PodGroup}. Only the fields backups need are read;
 * everything else deployd stores is ignored, so a newer deployd with more fields still parses.
 *
 * <p>Every failure is a {@link BackupException} INVALID_ARGUMENT whose message starts with the etcd
 * key, so an operator reading the problems list knows which value to fix. Stateless and thread-safe.
 */
final class PodGroupParser {
    private final String prefix;
    private final AnnotationParser annotations;

    /** @param prefix the watched prefix, ending in {@code /}; keys are {@code <prefix><app>/<proc>} */
    PodGroupParser(String prefix, AnnotationParser annotations) {
        this.prefix = prefix;
        this.annotations = annotations;
    }

    PodGroup parse(String key, byte[] value, long modRevision) {
        String[] path = keyPath(key);
        String app = path[0];
        Value decoded;
        try {
            decoded = Json.mapper().readValue(value, Value.class);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw invalid(key, "value is not a deployd pod group: " + reason, e);
        }
        if (decoded == null || decoded.spec() == null || blank(decoded.spec().name())) {
            throw invalid(key, "value has no Spec.Name", null);
        }
        String proc = decoded.spec().name();
        // deployd keys a pod group by its own name; a mismatch means the value was written by hand
        // or to the wrong key, and trusting either half would back up the wrong volumes
        if (!proc.equals(path[1]) || !proc.startsWith(app + ".")) {
            throw invalid(key, "Spec.Name '" + proc + "' does not match the key (expected " + prefix + "<app>/<app>.<type>.<name>)", null);
        }
        List<BackupSpec> specs;
        try {
            String annotation = decoded.spec().pod() == null ? null : decoded.spec().pod().annotation();
            specs = annotations.parse(annotation, proc);
        } catch (BackupException e) {
            throw new BackupException(ErrorCode.INVALID_ARGUMENT, key + ": " + e.getMessage(), e.details(), e);
        }
        return new PodGroup(proc, app, specs, instances(key, decoded.pods()), modRevision);
    }

    /** {@code [app, proc]} from {@code <prefix><app>/<proc>}. */
    private String[] keyPath(String key) {
        String rest = key.startsWith(prefix) ? key.substring(prefix.length()) : "";
        String[] path = rest.split("/", -1);
        if (path.length != 2 || path[0].isEmpty() || path[1].isEmpty()) {
            throw invalid(key, "key is not of the form " + prefix + "<app>/<app>.<type>.<name>", null);
        }
        return path;
    }

    private static List<PodGroup.Instance> instances(String key, List<Pod> pods) {
        List<PodGroup.Instance> instances = new ArrayList<>();
        for (Pod pod : pods == null ? List.<Pod>of() : pods) {
            if (pod == null || pod.instanceNo() == null || pod.instanceNo() < 1) {
                throw invalid(key, "a pod has no valid InstanceNo (must be 1 or more)", null);
            }
            List<PodGroup.Container> containers = new ArrayList<>();
            for (Container c : pod.containers() == null ? List.<Container>of() : pod.containers()) {
                // a pod deployd is still placing may have empty ids and node addresses; the
                // planner decides what to do with those, the parser keeps them as they are
                containers.add(new PodGroup.Container(nullToEmpty(c.id()), nullToEmpty(c.nodeIp()), nullToEmpty(c.nodeName())));
            }
            instances.add(new PodGroup.Instance(pod.instanceNo(), containers));
        }
        return instances;
    }

    private static BackupException invalid(String key, String reason, Throwable cause) {
        return new BackupException(ErrorCode.INVALID_ARGUMENT, key + ": " + reason, Map.of("key", key), cause);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    // deployd's JSON, reduced to what is read; the shared mapper ignores every other field
    private record Value(@JsonProperty("Spec") Spec spec, @JsonProperty("Pods") List<Pod> pods) {
    }

    private record Spec(@JsonProperty("Name") String name, @JsonProperty("Pod") PodSpec pod) {
    }

    private record PodSpec(@JsonProperty("Annotation") String annotation) {
    }

    private record Pod(@JsonProperty("InstanceNo") Integer instanceNo, @JsonProperty("Containers") List<Container> containers) {
    }

    private record Container(@JsonProperty("Id") String id, @JsonProperty("NodeIp") String nodeIp,
                             @JsonProperty("NodeName") String nodeName) {
    }
}
