/**
 * A worker service built as a user builds one, on the SQS MEGA starter alone.
 */
package io.sqsmega.userapp;
