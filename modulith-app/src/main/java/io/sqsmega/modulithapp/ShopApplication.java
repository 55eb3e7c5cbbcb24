package io.sqsmega.modulithapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A shop whose order module announces completed orders through Spring Modulith's outbox. */
@SpringBootApplication
public class ShopApplication {

    /** @param args command-line arguments */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
