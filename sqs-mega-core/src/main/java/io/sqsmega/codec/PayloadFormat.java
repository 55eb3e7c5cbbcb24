package io.sqsmega.codec;

import java.util.Locale;

/**
 * The values of the {@value #ATTRIBUTE} message attribute our publishers set, so that readers
 * need not sniff (sniffing is ambiguous for short text that happens to be Base64).
 */
public enum PayloadFormat {

    /** A MEGA event in JSON. */
    MEGA_JSON("mega+json", PayloadKind.MEGA, Encoding.JSON),
    /** A MEGA event in BSON-in-Base64. */
    MEGA_BSON("mega+bson", PayloadKind.MEGA, Encoding.BSON),
    /** A data object in JSON. */
    DATA_JSON("data+json", PayloadKind.DATA, Encoding.JSON),
    /** A data object in BSON-in-Base64. */
    DATA_BSON("data+bson", PayloadKind.DATA, Encoding.BSON),
    /** Plaintext. */
    TEXT("text", PayloadKind.TEXT, null),
    /** Binary in standard Base64. */
    BINARY("binary", PayloadKind.BINARY, null);

    /** The name of the message attribute that carries the format. */
    public static final String ATTRIBUTE = "mega-payload";

    private final String attributeValue;
    private final PayloadKind kind;
    private final Encoding encoding;

    PayloadFormat(String attributeValue, PayloadKind kind, Encoding encoding) {
        this.attributeValue = attributeValue;
        this.kind = kind;
        this.encoding = encoding;
    }

    /**
     * @return the attribute value, e.g. {@code mega+json}
     */
    public String attributeValue() {
        return attributeValue;
    }

    /**
     * @return the payload kind
     */
    public PayloadKind kind() {
        return kind;
    }

    /**
     * @return the document encoding, or {@code null} for text and binary
     */
    public Encoding encoding() {
        return encoding;
    }

    /**
     * The format for a kind and encoding.
     *
     * @param kind {@link PayloadKind#MEGA} or {@link PayloadKind#DATA}
     * @param encoding the encoding
     * @return the format
     */
    static PayloadFormat of(PayloadKind kind, Encoding encoding) {
        boolean bson = encoding == Encoding.BSON;
        return switch (kind) {
            case MEGA -> bson ? MEGA_BSON : MEGA_JSON;
            case DATA -> bson ? DATA_BSON : DATA_JSON;
            case TEXT -> TEXT;
            case BINARY -> BINARY;
        };
    }

    /**
     * Reads an attribute value (case-insensitive, surrounding blanks ignored).
     *
     * @param value the attribute value, may be {@code null}
     * @return the format, or {@code null} when the value is absent or not one of ours
     */
    public static PayloadFormat fromAttributeValue(String value) {
        if (value == null) {
            return null;
        }
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        for (PayloadFormat format : values()) {
            if (format.attributeValue.equals(normalized)) {
                return format;
            }
        }
        return null;
    }
}
