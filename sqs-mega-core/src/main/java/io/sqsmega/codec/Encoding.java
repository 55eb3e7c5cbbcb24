package io.sqsmega.codec;

/**
 * How MEGA events and data objects are written into a message body.
 */
public enum Encoding {

    /** Compact UTF-8 JSON (the default). */
    JSON,
    /** A BSON document in standard Base64 (smaller for binary-heavy payloads, unreadable in consoles). */
    BSON
}
