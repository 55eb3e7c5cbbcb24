package io.sqsmega.readme;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application of the README's quickstart: its snippets live in this package, verbatim. */
@SpringBootApplication
public class QuickstartApplication {
}
