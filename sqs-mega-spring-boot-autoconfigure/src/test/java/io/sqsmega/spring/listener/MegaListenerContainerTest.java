package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MegaListenerContainerTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 4", "4, 8", "5, 16", "6, 30", "7, 30", "1000, 30"})
    void pollFailuresBackOffExponentiallyUpTo30Seconds(int failures, long seconds) {
        assertThat(MegaListenerContainer.pollFailurePause(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }
}
