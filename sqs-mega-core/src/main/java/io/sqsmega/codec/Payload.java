package io.sqsmega.codec;

import io.sqsmega.event.ImmutableValues;
import io.sqsmega.event.MegaEvent;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * A decoded payload: exactly one of {@link Mega}, {@link Data}, {@link Text} or {@link Binary}.
 */
public sealed interface Payload permits Payload.Mega, Payload.Data, Payload.Text, Payload.Binary {

    /**
     * @return the kind of this payload
     */
    PayloadKind kind();

    /**
     * A valid MEGA v1 payload.
     *
     * @param event the event
     */
    record Mega(MegaEvent event) implements Payload {

        /** Requires the event. */
        public Mega {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public PayloadKind kind() {
            return PayloadKind.MEGA;
        }
    }

    /**
     * A data object: any JSON object or BSON document that is not a MEGA v1 payload.
     *
     * @param data the document, unmodifiable
     */
    record Data(Map<String, Object> data) implements Payload {

        /** Freezes the document. */
        public Data {
            data = ImmutableValues.copyOf(data);
        }

        @Override
        public PayloadKind kind() {
            return PayloadKind.DATA;
        }

        @Override
        public String toString() {
            return "Data[keys=" + data.keySet() + "]";
        }
    }

    /**
     * A plaintext payload.
     *
     * @param text the text, possibly empty
     */
    record Text(String text) implements Payload {

        /** Requires the text. */
        public Text {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public PayloadKind kind() {
            return PayloadKind.TEXT;
        }

        @Override
        public String toString() {
            return "Text[length=" + text.length() + "]";
        }
    }

    /**
     * A binary payload (sent as standard Base64).
     *
     * @param bytes the bytes; the array is copied in and out
     */
    record Binary(byte[] bytes) implements Payload {

        /** Copies the bytes. */
        public Binary {
            bytes = bytes.clone();
        }

        /**
         * @return a copy of the bytes
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /**
         * @return the bytes in standard Base64, as they travel in a message body
         */
        public String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }

        @Override
        public PayloadKind kind() {
            return PayloadKind.BINARY;
        }

        @Override
        public boolean equals(Object other) {
            return this == other || (other instanceof Binary that && Arrays.equals(bytes, that.bytes));
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Binary[length=" + bytes.length + "]";
        }
    }
}
