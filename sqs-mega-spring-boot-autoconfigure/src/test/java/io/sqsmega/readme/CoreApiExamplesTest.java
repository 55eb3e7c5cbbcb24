package io.sqsmega.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.dispatch.DispatchResult;
import io.sqsmega.dispatch.Dispatcher;
import io.sqsmega.dispatch.Subscription;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.match.FunctionRegistry;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchFunction;
import io.sqsmega.match.MatchInput;
import io.sqsmega.match.Matcher;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's examples of the Spring-free API, verbatim, run. */
class CoreApiExamplesTest {

    record Item(String item_id, int quantity) {
    }

    @Test
    void decodingAndEncoding() {
        String body = "{\"protocol\":\"mega\",\"version\":1,\"event\":{\"name\":\"item.added\","
                + "\"timestamp\":\"2020-05-04T15:53:23.123Z\",\"item_id\":\"61fcc874\",\"quantity\":5}}";

        BodyDecoder decoder = BodyDecoder.create();              // immutable, thread-safe
        DecodeResult result = decoder.decode(body, Map.of("mega-payload", "mega+json"));
        if (result instanceof DecodeResult.Decoded decoded
                && decoded.payload() instanceof Payload.Mega mega) {
            MegaEvent event = mega.event();
            Item item = event.attributesAs(Item.class);          // Jackson binding
        }

        assertThat(((Payload.Mega) ((DecodeResult.Decoded) result).payload()).event().attributesAs(Item.class))
                .isEqualTo(new Item("61fcc874", 5));

        PayloadEncoder encoder = PayloadEncoder.create();
        EncodedBody encoded = encoder.encode(MegaEvent.builder()
                .name("item.added").timestampNow()
                .attribute("item_id", "61fcc874").attribute("quantity", 5)
                .build(), Encoding.BSON);
        // send encoded.body() with the string attribute encoded.attributeName() = encoded.attributeValue()

        assertThat(encoded.attributeName()).isEqualTo("mega-payload");
        assertThat(encoded.attributeValue()).isEqualTo("mega+bson");
        assertThat(((Payload.Mega) ((DecodeResult.Decoded) decoder.decode(encoded.body(), Map.of())).payload()).event()
                .attributesAs(Item.class)).isEqualTo(new Item("61fcc874", 5));
    }

    @Test
    void matchingAndDispatching() {
        Set<Object> vipIds = Set.of("user-7");
        DecodeResult.Decoded decoded = (DecodeResult.Decoded) BodyDecoder.create().decode("{\"protocol\":\"mega\","
                + "\"version\":1,\"event\":{\"name\":\"item.added\",\"timestamp\":\"2020-05-04T15:53:23Z\","
                + "\"subject\":\"user-7\",\"quantity\":5}}", Map.of());
        String messageId = "m-1";
        int receiveCount = 1;
        Map<String, String> attributes = Map.of();

        MatchCompiler compiler = MatchCompiler.create(FunctionRegistry.of(
                MatchFunction.of("isVip", 1, args -> vipIds.contains(args.get(0)))));
        Matcher matcher = compiler.compile("event.quantity > 0 && isVip(event.subject)", PayloadKind.MEGA);
        Dispatcher<String> dispatcher = Dispatcher.of(List.of(new Subscription<>(matcher, "vip-orders")));
        DispatchResult<String> result = dispatcher.dispatch(MatchInput.of(decoded, messageId, receiveCount, attributes));

        assertThat(result.matched()).containsExactly("vip-orders");
    }
}
