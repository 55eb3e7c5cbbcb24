package io.sqsmega.match;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address block, {@code 10.0.0.0/8} or {@code 2001:db8::/32}. Addresses are parsed
 * as literals only: nothing here ever resolves a host name.
 *
 * @param network the network address bytes (4 or 16)
 * @param prefix the prefix length in bits
 */
record Cidr(byte[] network, int prefix) {

    /** Parses a block; {@code null} when it is not one. A bare address is a /32 or /128 block. */
    static Cidr parse(String block) {
        int slash = block.indexOf('/');
        byte[] address = parseAddress(slash < 0 ? block : block.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = block.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
                return null;
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                return null;
            }
        }
        return new Cidr(address, prefix);
    }

    boolean contains(String ip) {
        byte[] address = parseAddress(ip);
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    /** An IPv4 dotted quad or an IPv6 literal; {@code null} for anything else (never a DNS lookup). */
    static byte[] parseAddress(String text) {
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            // With a ':' and only hex digits, ':' and '.', this is parsed as an IPv6 literal, not looked up.
            return InetAddress.getByName(text).getAddress();
        }
        catch (UnknownHostException | SecurityException ex) {
            return null;
        }
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }
}
