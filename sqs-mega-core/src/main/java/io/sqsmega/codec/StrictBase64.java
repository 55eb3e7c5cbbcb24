package io.sqsmega.codec;

import java.util.Base64;

/**
 * Strict standard Base64 as the protocol defines it: alphabet {@code A-Z a-z 0-9 + /}, length a
 * multiple of 4, {@code =} only as one or two trailing pad characters, nothing ignored.
 * ({@link Base64#getDecoder()} alone also accepts unpadded input.)
 */
final class StrictBase64 {

    private StrictBase64() {
    }

    /**
     * Decodes strict Base64.
     *
     * @param text the candidate text
     * @return the bytes, or {@code null} when the text is not strict standard Base64
     */
    static byte[] decodeOrNull(String text) {
        int length = text.length();
        if (length == 0 || length % 4 != 0) {
            return null;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!alphabet) {
                if (c != '=' || i < length - 2 || (i == length - 2 && text.charAt(length - 1) != '=')) {
                    return null;
                }
            }
        }
        try {
            return Base64.getDecoder().decode(text);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
