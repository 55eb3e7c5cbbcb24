package io.sqsmega.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource({
        "2020-05-04T15:53:23.123, 2020-05-04T15:53:23.123Z",
        "2020-05-04T15:53:23, 2020-05-04T15:53:23Z",
        "2020-05-04T15:53, 2020-05-04T15:53:00Z",
        "2020-05-04T15:53:27.823000, 2020-05-04T15:53:27.823Z",
        "2020-05-04T15:53:23.123456789Z, 2020-05-04T15:53:23.123456789Z",
        "2020-05-04T17:53:23.1+02:00, 2020-05-04T15:53:23.100Z",
        "2020-05-04T10:53:23-0500, 2020-05-04T15:53:23Z",
        "2020-05-04 15:53:23, 2020-05-04T15:53:23Z",
        "2020-05-04t15:53:23z, 2020-05-04T15:53:23Z",
    })
    void readsTolerantly(String text, String instant) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2020-05-04", "15:53:23", "2020-05-04T15:53:23.1234567891Z",
        "2020-02-30T00:00:00Z", "2020-05-04T24:00:00Z", "2020-05-04T15:53:23+25:00", "1588607603"})
    void rejectsWhatIsNotADateTime(String text) {
        assertThat(Timestamps.parseOrNull(text)).isNull();
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an ISO-8601 date-time");
    }

    @ParameterizedTest
    @CsvSource({
        "2020-05-22T03:03:07.209Z, 2020-05-22T03:03:07.209Z",
        "2020-05-22T03:03:07Z, 2020-05-22T03:03:07.000Z",
        "2020-05-22T03:03:07.209500Z, 2020-05-22T03:03:07.209500Z",
        "2020-05-22T03:03:07.000000001Z, 2020-05-22T03:03:07.000000001Z",
    })
    void writesMillisecondsAndNeverLosesPrecision(String instant, String text) {
        assertThat(Timestamps.format(Instant.parse(instant))).isEqualTo(text);
    }
}
