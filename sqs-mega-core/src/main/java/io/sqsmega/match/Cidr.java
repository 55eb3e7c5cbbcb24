package io.sqsmega.match;

import java.util.ArrayList;
import java.util.List;


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
        return text.indexOf(':') < 0 ? parseIpv4(text) : parseIpv6(text);
    }

    /**
     * An IPv6 literal as RFC 4291 writes them: eight groups of 1-4 hex digits, one {@code ::} for a
     * run of zero groups, the last 32 bits optionally as a dotted quad. Parsed here rather than by
     * {@code InetAddress.getByName}, which looks up as a host name whatever is not a valid literal
     * (a payload's {@code ".:1"} made it read the resolver configuration).
     */
    private static byte[] parseIpv6(String text) {
        if (text.length() > 45) {
            return null;
        }
        int compressed = text.indexOf("::");
        if (compressed >= 0 && text.indexOf("::", compressed + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        byte[] quad = null;
        String[] sides = compressed >= 0 ? new String[] {text.substring(0, compressed), text.substring(compressed + 2)}
                : new String[] {text};
        for (int side = 0; side < sides.length; side++) {
            if (sides[side].isEmpty()) {
                continue;
            }
            String[] groups = sides[side].split(":", -1);
            List<Integer> into = side == 0 ? head : tail;
            for (int g = 0; g < groups.length; g++) {
                String group = groups[g];
                boolean last = g == groups.length - 1 && side == sides.length - 1;
                if (last && group.indexOf('.') >= 0) {
                    quad = parseIpv4(group);
                    if (quad == null) {
                        return null;
                    }
                    continue;
                }
                if (group.isEmpty() || group.length() > 4) {
                    return null;
                }
                int value = 0;
                for (int i = 0; i < group.length(); i++) {
                    int digit = Character.digit(group.charAt(i), 16);
                    if (digit < 0) {
                        return null;
                    }
                    value = value << 4 | digit;
                }
                into.add(value);
            }
        }
        int groups = head.size() + tail.size() + (quad == null ? 0 : 2);
        if (compressed >= 0 ? groups > 7 : groups != 8) {
            return null;
        }
        byte[] bytes = new byte[16];
        int at = 0;
        for (int value : head) {
            bytes[at++] = (byte) (value >> 8);
            bytes[at++] = (byte) value;
        }
        at = 16 - tail.size() * 2 - (quad == null ? 0 : 4);
        for (int value : tail) {
            bytes[at++] = (byte) (value >> 8);
            bytes[at++] = (byte) value;
        }
        if (quad != null) {
            System.arraycopy(quad, 0, bytes, 12, 4);
        }
        return bytes;
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
