package io.sqsmega.userapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A worker service, the common shape of a consumer: no web server, listeners only. It must run
 * until it is stopped.
 */
@SpringBootApplication
public class WorkerApplication {

    /**
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(WorkerApplication.class, args);
    }
}
