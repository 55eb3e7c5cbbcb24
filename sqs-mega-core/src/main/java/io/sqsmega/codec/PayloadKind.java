package io.sqsmega.codec;

/**
 * The four kinds of payload a message body can carry.
 */
public enum PayloadKind {

    /** A valid MEGA v1 payload. */
    MEGA("mega"),
    /** Any other JSON object or BSON document. */
    DATA("data"),
    /** A string that is neither a JSON object nor Base64. */
    TEXT("text"),
    /** Base64 whose bytes are not a BSON document. */
    BINARY("binary");

    private final String label;

    PayloadKind(String label) {
        this.label = label;
    }

    /**
     * The lower-case name used in the match language ({@code kind == 'mega'}), metrics and logs.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
