package io.sqsmega.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MegaEventTest {

    record Item(String itemId, int quantity) {
    }

    record Cart(long userId, List<Map<String, Object>> items, String value) {
    }

    public static class SnakeItem {
        public String item_id;
        public int quantity;
    }

    private static MegaEvent.Builder valid() {
        return MegaEvent.builder().name("item.added").timestamp(Instant.parse("2020-05-04T15:53:23.123Z"));
    }

    @Test
    void theFieldsAUserReachesForFirstAreOnTheEvent() {
        MegaEvent event = MegaEvent.builder().name("item.added").timestamp(Instant.parse("2020-01-01T00:00:00Z"))
                .version(2).domain("shop").subject("cart-1").publisher("checkout")
                .object("cart", "18a3f92e", Map.of("items", 1)).build();
        assertThat(event.name()).isEqualTo("item.added");
        assertThat(event.version()).isEqualTo(2);
        assertThat(event.domain()).isEqualTo("shop");
        assertThat(event.subject()).isEqualTo("cart-1");
        assertThat(event.publisher()).isEqualTo("checkout");
        assertThat(event.id()).isEqualTo("18a3f92e");
        MegaEvent bare = MegaEvent.builder().name("ping").timestamp(Instant.parse("2020-01-01T00:00:00Z")).build();
        assertThat(bare.domain()).isNull();
        assertThat(bare.subject()).isNull();
        assertThat(bare.publisher()).isNull();
        assertThat(bare.id()).isNull();
    }

    @Test
    void builderRefusesMissingNameWithAHint() {
        assertThatThrownBy(() -> MegaEvent.builder().timestampNow().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event.name is missing: call name(\"item.added\") before build()");
    }

    @Test
    void builderRefusesMissingTimestampWithAHint() {
        assertThatThrownBy(() -> MegaEvent.builder().name("a").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event.timestamp is missing: call timestamp(Instant) or timestampNow() before build()");
    }

    @Test
    void builderEnforcesTheNameAlphabet() {
        for (String name : List.of("Item.Added", "item added", "item/added", "ítem")) {
            assertThatThrownBy(() -> valid().name(name).build()).as(name)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'" + name + "' is not a valid MEGA event name");
        }
        assertThat(valid().name("user:login:failed-2_x.y").build().name()).isEqualTo("user:login:failed-2_x.y");
    }

    @Test
    void builderRefusesVersionZero() {
        assertThatThrownBy(() -> valid().version(0).build()).hasMessage("event.version must be 1 or more, got 0");
    }

    @Test
    void builderTruncatesTimestampsToMilliseconds() {
        assertThat(valid().timestamp(Instant.parse("2020-01-01T00:00:00.123456Z")).build().timestamp())
                .isEqualTo(Instant.parse("2020-01-01T00:00:00.123Z"));
    }

    @Test
    void eventsAreDeeplyImmutableCopies() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("tags", new java.util.ArrayList<>(List.of("a")));
        MegaEvent event = valid().attributes(attributes).build();
        attributes.put("late", 1);
        assertThat(event.attributes()).containsOnlyKeys("tags");
        assertThatThrownBy(() -> ((List<Object>) event.attribute("tags")).add("b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bindsAttributesAndObjectStateToPojos() {
        MegaEvent event = valid().attribute("itemId", "61fcc874").attribute("quantity", 5).attribute("ignored", true)
                .object(new MegaObject("shopping_cart", "18a3f92e", 2,
                        Map.of("userId", 987650, "items", List.of(Map.of("id", "61fcc874")), "value", "377.37"),
                        Map.of("userId", 987650, "items", List.of(), "value", "277.42")))
                .build();

        assertThat(event.attributesAs(Item.class)).isEqualTo(new Item("61fcc874", 5));
        assertThat(event.currentAs(Cart.class).orElseThrow().value()).isEqualTo("377.37");
        assertThat(event.previousAs(Cart.class).orElseThrow().items()).isEmpty();
        assertThat(valid().build().currentAs(Cart.class)).isEmpty();
    }

    @Test
    void bindsSnakeCaseAttributesToPublicFields() {
        SnakeItem item = valid().attribute("item_id", "x").attribute("quantity", 2).build().attributesAs(SnakeItem.class);
        assertThat(item.item_id).isEqualTo("x");
        assertThat(item.quantity).isEqualTo(2);
    }

    @Test
    void bindingFailuresNameTheSection() {
        MegaEvent event = valid().attribute("quantity", "many").build();
        assertThatThrownBy(() -> event.attributesAs(Item.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot bind event.attributes to " + Item.class.getName());
    }

    @Test
    void toDocumentAppliesDefaultsInProtocolOrder() {
        Map<String, Object> document = valid().build().toDocument();
        assertThat(document).containsOnlyKeys("protocol", "version", "event");
        assertThat(document.keySet()).containsExactly("protocol", "version", "event");
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) document.get("event");
        assertThat(event).containsExactly(Map.entry("name", "item.added"),
                Map.entry("timestamp", "2020-05-04T15:53:23.123Z"), Map.entry("version", 1),
                Map.entry("attributes", Map.of()));
    }

    @Test
    void toStringDoesNotLeakPayloadValues() {
        String text = valid().attribute("email", "john@example.com").build().toString();
        assertThat(text).contains("item.added", "email").doesNotContain("john@example.com");
    }

    @Test
    void equalityIsByValue() {
        assertThat(valid().attribute("a", 1).build()).isEqualTo(valid().attribute("a", 1).build())
                .hasSameHashCodeAs(valid().attribute("a", 1).build())
                .isNotEqualTo(valid().attribute("a", 2).build());
    }
}
