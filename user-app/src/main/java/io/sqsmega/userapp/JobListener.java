package io.sqsmega.userapp;

import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaTemplate;
import org.springframework.stereotype.Component;

/** Does each job and reports it done on another queue, with the accessors a user reaches for first. */
@Component
public class JobListener {

    private final MegaTemplate mega;

    JobListener(MegaTemplate mega) {
        this.mega = mega;
    }

    @MegaListener(queue = "jobs", match = "event.name == 'job.requested'")
    void onJob(MegaEvent event) {
        mega.publish("jobs-done", "done " + event.subject() + " for " + event.domain() + " by " + event.publisher()
                + " (" + event.id() + ", v" + event.version() + ")");
    }
}
