package io.sqsmega.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.dispatch.MessageDisposition.Action;
import io.sqsmega.dispatch.MessageDisposition.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageDispositionTest {

    private static MessageDisposition<String> fold(List<String> undecided, ProcessStatus... statuses) {
        List<Answer<String>> answers = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            answers.add(new Answer<>("l" + i, statuses[i]));
        }
        return MessageDisposition.fold(answers, undecided);
    }

    @Test
    void allDoneDeletes() {
        assertThat(fold(List.of(), ProcessStatus.DONE, ProcessStatus.DONE).action()).isEqualTo(Action.DELETE);
    }

    @Test
    void anyRetryKeepsTheMessage() {
        MessageDisposition<String> disposition = fold(List.of(), ProcessStatus.DONE, ProcessStatus.RETRY_LATER,
                ProcessStatus.RETRIABLE_ERROR);
        assertThat(disposition.action()).isEqualTo(Action.RETRY);
        assertThat(disposition.retryingListeners()).containsExactly("l1", "l2");
    }

    @Test
    void retryWinsOverFatalSoNothingIsLost() {
        MessageDisposition<String> disposition = fold(List.of(), ProcessStatus.FATAL_ERROR, ProcessStatus.RETRY_LATER);
        assertThat(disposition.action()).isEqualTo(Action.RETRY);
        assertThat(disposition.fatalListeners()).containsExactly("l0");
    }

    @Test
    void fatalWithoutRetryGoesToTheFatalPolicy() {
        MessageDisposition<String> disposition = fold(List.of(), ProcessStatus.DONE, ProcessStatus.FATAL_ERROR);
        assertThat(disposition.action()).isEqualTo(Action.FATAL);
        assertThat(disposition.fatalListeners()).containsExactly("l1");
    }

    @Test
    void anUndecidedMatchKeepsTheMessage() {
        MessageDisposition<String> disposition = fold(List.of("flaky"), ProcessStatus.DONE);
        assertThat(disposition.action()).isEqualTo(Action.RETRY);
        assertThat(disposition.retryingListeners()).containsExactly("flaky");
    }

    @Test
    void noListenerAtAllDeletes() {
        assertThat(fold(List.of()).action()).isEqualTo(Action.DELETE);
    }

    @ParameterizedTest
    @CsvSource({"1, 5", "2, 10", "3, 20", "4, 40", "8, 640", "9, 900", "50, 900", "0, 5", "-3, 5"})
    void backoffGrowsExponentiallyFromTheReceiveCountUpToTheCap(int receiveCount, long seconds) {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(15), 0.0);
        assertThat(backoff.visibilityFor(receiveCount, 0.7)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void jitterTakesOffAtMostItsFraction() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(100), 1.0, Duration.ofSeconds(100), 0.2);
        assertThat(backoff.visibilityFor(1, 0.0)).isEqualTo(Duration.ofSeconds(100));
        assertThat(backoff.visibilityFor(1, 0.5)).isEqualTo(Duration.ofSeconds(90));
        assertThat(backoff.visibilityFor(1, 0.999999)).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.visibilityFor(1, 7)).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void jitterNeverTurnsAPauseOfASecondOrMoreIntoNone() {
        RetryBackoff oneSecond = new RetryBackoff(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), 0.2);
        assertThat(oneSecond.visibilityFor(1, 0.999999)).isEqualTo(Duration.ofSeconds(1));
        assertThat(oneSecond.visibilityFor(3, 0.5)).isEqualTo(Duration.ofSeconds(1));
        RetryBackoff subSecond = new RetryBackoff(Duration.ofMillis(500), 1.0, Duration.ofSeconds(1), 0.2);
        assertThat(subSecond.visibilityFor(1, 0.0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theDefaultIsFiveSecondsDoublingToFifteenMinutes() {
        assertThat(RetryBackoff.DEFAULT.visibilityFor(1, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryBackoff.DEFAULT.visibilityFor(100, 0.0)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void invalidSettingsNameTheSetting() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(-1), 2, Duration.ofMinutes(1), 0))
                .hasMessageContaining("initial must not be negative");
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), 0.5, Duration.ofMinutes(1), 0))
                .hasMessageContaining("multiplier must be a number of at least 1");
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), Double.NaN, Duration.ofMinutes(1), 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), 2, Duration.ofHours(13), 0))
                .hasMessageContaining("12 hours");
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(10), 2, Duration.ofSeconds(5), 0))
                .hasMessageContaining("between initial");
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(1), 2, Duration.ofMinutes(1), 1.5))
                .hasMessageContaining("jitter must be between 0 and 1");
    }
}
