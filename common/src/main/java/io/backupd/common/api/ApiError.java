package io.backupd.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The one error body every endpoint answers with: {@code {"error": CODE, "message": ..., "details": {...}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, Map<String, Object> details) {
}
