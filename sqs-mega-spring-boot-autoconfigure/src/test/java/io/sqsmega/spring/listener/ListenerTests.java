package io.sqsmega.spring.listener;

import static org.awaitility.Awaitility.await;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.test.EmbeddedSqs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the listener container tests share: events to publish, and waiting for a queue to empty. */
final class ListenerTests {

    private ListenerTests() {
    }

    /**
     * @param count how many
     * @return {@code item.added} events numbered by their attribute {@code n}, from 0
     */
    static List<MegaEvent> events(int count) {
        List<MegaEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(MegaEvent.builder().name("item.added").timestamp(Instant.parse("2020-01-01T00:00:00Z"))
                    .attribute("n", i).build());
        }
        return events;
    }

    /** Waits (40 s at most) until the queue has no message, visible or in flight, both counted at once. */
    static void awaitEmpty(EmbeddedSqs sqs, String url) {
        await().atMost(Duration.ofSeconds(40)).until(() -> sqs.isEmpty(url));
    }
}
