package io.backupd.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorCodeTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodesStatusLeadsBackToACodeOfThatStatus(ErrorCode code) {
        assertThat(ErrorCode.forStatus(code.httpStatus()).httpStatus()).isEqualTo(code.httpStatus());
    }

    @ParameterizedTest
    @CsvSource({
        "400, INVALID_ARGUMENT", "401, UNAUTHENTICATED", "403, FORBIDDEN", "404, NOT_FOUND", "405, METHOD_NOT_ALLOWED",
        "409, CONFLICT", "413, PAYLOAD_TOO_LARGE", "414, URI_TOO_LONG", "415, UNSUPPORTED_MEDIA_TYPE",
        "431, HEADERS_TOO_LARGE", "500, INTERNAL", "502, NODE_UNREACHABLE", "503, UNAVAILABLE",
        // statuses no code has: a refused request, or a failure
        "429, INVALID_ARGUMENT", "501, INTERNAL", "504, INTERNAL", "302, INTERNAL"})
    void aStatusMapsToItsGeneralCode(int status, ErrorCode expected) {
        assertThat(ErrorCode.forStatus(status)).isEqualTo(expected);
    }

    @Test
    void namesRoundTripAndAnUnknownNameIsInternal() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.fromName(code.name())).isEqualTo(code);
        }
        assertThat(ErrorCode.fromName("SOMETHING_NEWER")).isEqualTo(ErrorCode.INTERNAL);
    }
}
