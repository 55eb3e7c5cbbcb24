/**
 * The Jackson 2 configuration SQS MEGA reads and writes JSON with.
 */
package io.sqsmega.json;
