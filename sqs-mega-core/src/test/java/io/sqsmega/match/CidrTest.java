package io.sqsmega.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Address literals parsed by hand: the same bytes as the JDK for valid literals, nothing for the rest. */
class CidrTest {

    @Test
    void ipv6LiteralsParseToTheSameBytesAsTheJdk() throws Exception {
        for (String literal : List.of("::", "::1", "1::", "2001:db8::", "2001:db8::ff00:42:8329", "fe80::1:2:3:4",
                "2001:0db8:0000:0000:0000:ff00:0042:8329", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
                "::ffff:192.0.2.128", "64:ff9b::192.0.2.33", "1:2:3:4:5:6:192.0.2.1", "ABCD:EF01::")) {
            // Valid literals: the JDK parses these without a lookup, so it can be the reference here.
            byte[] expected = InetAddress.getByName(literal).getAddress();
            byte[] parsed = Cidr.parseAddress(literal);
            if (expected.length == 4) {
                // The JDK turns IPv4-mapped literals into IPv4 addresses.
                assertThat(parsed).as(literal).hasSize(16).endsWith(expected);
            }
            else {
                assertThat(parsed).as(literal).isEqualTo(expected);
            }
        }
    }

    @Test
    void anythingElseIsNotAnAddressAndIsNeverLookedUp() {
        // ".:1" passed the old character check and reached InetAddress.getByName, which asked the resolver.
        for (String text : List.of(".:1", ":1", "1:", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                "12345::", "g::1", "::1.2.3", "::256.1.1.1", "1.2.3.4::", "::1.2.3.4:5", "localhost:1", "", "::%eth0")) {
            assertThat(Cidr.parseAddress(text)).as("'%s'", text).isNull();
        }
        assertThat(Cidr.parse("2001:db8::/32").contains(".:1")).isFalse();
    }
}
