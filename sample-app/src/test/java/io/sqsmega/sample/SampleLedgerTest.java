package io.sqsmega.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's verdicts, which decide the sample's exit code. */
class SampleLedgerTest {

    private final SampleLedger ledger = new SampleLedger();

    @Test
    void aHandlingReportedBeforeTheExpectationStillCounts() {
        ledger.handled("m-1", "stock");
        assertThat(ledger.complete()).isFalse();
        ledger.expect(new Expectation("m-1", "item.added", "orders", "mega+json", List.of("stock"), false));

        assertThat(ledger.complete()).isTrue();
        assertThat(ledger.report(Duration.ZERO).exitCode()).isZero();
    }

    @Test
    void aMessageNotHandledMakesTheRunFail() throws InterruptedException {
        ledger.expect(new Expectation("m-1", "item.added", "orders", "mega+json", List.of("stock", "audit"), false));
        ledger.handled("m-1", "stock");

        assertThat(ledger.awaitComplete(Duration.ofMillis(1))).isFalse();
        SampleReport report = ledger.report(Duration.ofSeconds(60));
        assertThat(report.ok()).isFalse();
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.failures()).singleElement().satisfies(row -> assertThat(row.outcome()).isEqualTo("stock"));
        assertThat(report.render()).contains("0 of 1 messages").contains("!!  item.added");
    }

    @Test
    void aListenerThatShouldNotHaveRunMakesTheRunFail() {
        ledger.expect(new Expectation("m-1", "item.added qty 0", "orders", "mega+json", List.of(), false));
        assertThat(ledger.report(Duration.ZERO).ok()).isTrue();

        ledger.handled("m-1", "stock");
        assertThat(ledger.report(Duration.ZERO).ok()).isFalse();
    }

    @Test
    void aDeadLetterIsExpectedFromTheDeadLetterQueue() {
        ledger.expect(new Expectation("m-1", "poison", "orders", "raw json", List.of(), true));
        assertThat(ledger.awaitingDeadLetters()).isTrue();
        assertThat(ledger.complete()).isFalse();

        ledger.deadLettered("m-1", "invalid: event.name is missing");

        assertThat(ledger.awaitingDeadLetters()).isFalse();
        assertThat(ledger.complete()).isTrue();
        assertThat(ledger.report(Duration.ZERO).rows().get(0).outcome())
                .isEqualTo("dead-lettered (invalid: event.name is missing)");
    }

    @Test
    void anEmptyRunIsNotASuccess() {
        assertThat(ledger.complete()).isFalse();
        assertThat(ledger.report(Duration.ZERO).exitCode()).isEqualTo(1);
    }
}
