/**
 * Large payloads through S3, in the format of AWS's extended clients: bodies over the threshold are
 * stored in a bucket and the message carries a pointer; listeners get the body, dead letters keep
 * the pointer (and the object).
 */
package io.sqsmega.spring.offload;
