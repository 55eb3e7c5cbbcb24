/**
 * The {@code sqs-mega} command line: read what sits in a queue.
 */
package io.sqsmega.cli;
