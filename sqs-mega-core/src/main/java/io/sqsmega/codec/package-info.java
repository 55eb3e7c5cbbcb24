/**
 * The message-body codec of the MEGA protocol: {@link io.sqsmega.codec.BodyDecoder} turns any
 * SQS body (SNS envelopes included) into exactly one {@link io.sqsmega.codec.DecodeResult};
 * {@link io.sqsmega.codec.PayloadEncoder} writes MEGA events, data objects, text and binary in
 * JSON or BSON-in-Base64.
 */
package io.sqsmega.codec;
