package io.sqsmega.codec;

import java.util.Objects;

/**
 * A message body ready to send, with the {@value PayloadFormat#ATTRIBUTE} attribute value that
 * tells readers how to decode it.
 *
 * @param body the message body
 * @param format the payload format; its {@link PayloadFormat#attributeValue()} goes into the
 *        {@value PayloadFormat#ATTRIBUTE} string message attribute
 */
public record EncodedBody(String body, PayloadFormat format) {

    /** Requires both parts. */
    public EncodedBody {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(format, "format");
    }

    /**
     * @return the name of the message attribute to set, {@value PayloadFormat#ATTRIBUTE}
     */
    public String attributeName() {
        return PayloadFormat.ATTRIBUTE;
    }

    /**
     * @return the value of the message attribute to set, e.g. {@code mega+json}
     */
    public String attributeValue() {
        return format.attributeValue();
    }

    @Override
    public String toString() {
        return "EncodedBody[format=" + format.attributeValue() + ", length=" + body.length() + "]";
    }
}
