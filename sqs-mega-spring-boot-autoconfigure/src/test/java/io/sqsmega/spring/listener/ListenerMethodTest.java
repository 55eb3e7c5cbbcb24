package io.sqsmega.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.json.MegaJson;
import io.sqsmega.spring.json.Jackson2ObjectMapping;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchInput;
import io.sqsmega.spring.MegaMessage;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ListenerMethodTest {

    record Cart(String id, int items) {
    }

    static class TimeoutException extends RuntimeException {
    }

    /** Listener methods as users write them. */
    static class Listeners {
        final List<Object> received = new ArrayList<>();

        ProcessStatus onEvent(MegaEvent event, MegaMessage message) {
            received.add(event.name() + "#" + message.receiveCount());
            return ProcessStatus.RETRY_LATER;
        }

        void onMap(Map<String, Object> data) {
            received.add(data);
        }

        void onValidCart(@org.springframework.validation.annotation.Validated Cart cart) {
            received.add(cart);
        }

        void onCart(Cart cart) {
            received.add(cart);
        }

        CompletableFuture<ProcessStatus> onText(MegaMessage message, String text) {
            received.add(text);
            return CompletableFuture.completedFuture(ProcessStatus.DONE);
        }

        CompletableFuture<Void> onBinary(byte[] bytes) {
            return CompletableFuture.failedFuture(new TimeoutException());
        }

        void failsRetriably(String text) {
            throw new TimeoutException();
        }

        void failsFatally(String text) {
            throw new IllegalStateException("bad");
        }

        void failsWithChecked(String text) throws Exception {
            throw new java.io.IOException("io");
        }

        void twoPayloads(MegaEvent event, String text) {
        }

        void noPayload(MegaMessage message) {
        }

        void primitive(int count) {
        }

        void objects(List<Object> items) {
        }

        void batchAndMessage(List<String> items, MegaMessage message) {
        }

        @io.sqsmega.spring.MegaListener(queue = "orders", batch = true)
        void batchWithoutList(String text) {
        }

        List<ProcessStatus> singleReturningStatuses(String text) {
            return List.of();
        }

        final List<List<?>> batches = new ArrayList<>();

        List<ProcessStatus> onCarts(List<org.springframework.messaging.Message<Cart>> carts) {
            batches.add(carts);
            return carts.stream().map(cart -> cart.getPayload().items() > 0 ? ProcessStatus.DONE
                    : ProcessStatus.FATAL_ERROR).toList();
        }

        void onTexts(List<String> texts) {
            batches.add(texts);
            if (texts.contains("boom")) {
                throw new IllegalStateException("boom");
            }
        }

        CompletableFuture<List<ProcessStatus>> tooFewStatuses(List<String> texts) {
            return CompletableFuture.completedFuture(List.of(ProcessStatus.DONE));
        }

        void intKeys(Map<Integer, Object> data) {
        }

        String returnsString(String text) {
            return text;
        }

        CompletableFuture<String> returnsFutureOfString(String text) {
            return null;
        }

        static void isStatic(String text) {
        }
    }

    private final Listeners listeners = new Listeners();
    private final MatchCompiler compiler = MatchCompiler.create();

    private ListenerMethod listener(String name, String match, List<Class<? extends Throwable>> retriable) {
        Method method = java.util.Arrays.stream(Listeners.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
        return ListenerMethod.of(listeners, method, "orders", match, retriable, compiler, MegaJson.mapper());
    }

    private ListenerMethod batchListener(String name) {
        Method method = java.util.Arrays.stream(Listeners.class.getDeclaredMethods())
                .filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
        return ListenerMethod.of(listeners, method, "orders", null, List.of(), null, compiler,
                new Jackson2ObjectMapping(MegaJson.mapper(), "test"), null, true);
    }

    @Test
    void aBatchListenerAnswersPerMessageInTheOrderGiven() {
        ListenerMethod carts = listener("onCarts", null, List.of());
        assertThat(carts.isBatch()).isTrue();
        assertThat(carts.kind()).isEqualTo(PayloadKind.DATA);
        List<Object> elements = new ArrayList<>();
        for (int items : new int[] {2, 0, 5}) {
            elements.add(carts.bindElement(message(PayloadKind.DATA), new Payload.Data(Map.of("id", "c" + items,
                    "items", items)), null));
        }
        List<ListenerMethod.Invocation> answers = carts.invokeBatch(elements).join();
        assertThat(answers).extracting(ListenerMethod.Invocation::status)
                .containsExactly(ProcessStatus.DONE, ProcessStatus.FATAL_ERROR, ProcessStatus.DONE);
        org.springframework.messaging.Message<?> first = (org.springframework.messaging.Message<?>) listeners.batches
                .get(0).get(0);
        assertThat(first.getPayload()).isEqualTo(new Cart("c2", 2));
        assertThat(first.getHeaders()).containsEntry("tenant", "acme");
    }

    @Test
    void aBatchListenersExceptionRetriesEveryMessageAndAWrongNumberOfStatusesFailsThemAll() {
        List<ListenerMethod.Invocation> failed = batchListener("onTexts").invokeBatch(List.of("a", "boom")).join();
        assertThat(failed).extracting(ListenerMethod.Invocation::status)
                .containsExactly(ProcessStatus.RETRIABLE_ERROR, ProcessStatus.RETRIABLE_ERROR);
        assertThat(failed.get(0).failure()).hasMessage("boom");
        assertThat(listener("onTexts", null, List.of()).invokeBatch(List.of("a", "b")).join())
                .extracting(ListenerMethod.Invocation::status).containsOnly(ProcessStatus.DONE);
        List<ListenerMethod.Invocation> wrong = listener("tooFewStatuses", null, List.of())
                .invokeBatch(List.of("a", "b")).join();
        assertThat(wrong).extracting(ListenerMethod.Invocation::status).containsOnly(ProcessStatus.FATAL_ERROR);
        assertThat(wrong.get(0).failure()).hasMessage("Listeners.tooFewStatuses returned 1 statuses for a batch of 2 "
                + "messages: return one ProcessStatus per message, in the order of the list it was given");
    }

    @Test
    void aMessageThatDoesNotBindToABatchListenerIsAnsweredAloneAndTheRestOfItsPollGoesOn() {
        ListenerMethod carts = listener("onCarts", null, List.of());
        PollBatch poll = new PollBatch(3);
        PollBatch.Member first = poll.member(0);
        PollBatch.Member second = poll.member(1);
        PollBatch.Member third = poll.member(2);
        // Out of order, as threads report.
        CompletableFuture<ListenerMethod.Invocation> thirdAnswer = third.join(carts, message(PayloadKind.DATA),
                new Payload.Data(Map.of("id", "c3", "items", 3)), null);
        third.leave();
        CompletableFuture<ListenerMethod.Invocation> secondAnswer = second.join(carts, message(PayloadKind.DATA),
                new Payload.Data(Map.of("items", "many")), null);
        second.leave();
        CompletableFuture<ListenerMethod.Invocation> firstAnswer = first.join(carts, message(PayloadKind.DATA),
                new Payload.Data(Map.of("id", "c1", "items", 0)), null);
        assertThat(secondAnswer.join().failure()).isInstanceOf(InvalidPayloadException.class);
        assertThat(listeners.batches).isEmpty();
        assertThat(firstAnswer).isNotDone();
        first.leave();
        first.leave();
        assertThat(listeners.batches).hasSize(1);
        List<Object> payloads = listeners.batches.get(0).stream()
                .map(m -> (Object) ((org.springframework.messaging.Message<?>) m).getPayload()).toList();
        assertThat(payloads).containsExactly(new Cart("c1", 0), new Cart("c3", 3));
        assertThat(firstAnswer.join().status()).isEqualTo(ProcessStatus.FATAL_ERROR);
        assertThat(thirdAnswer.join().status()).isEqualTo(ProcessStatus.DONE);
    }

    private static MegaMessage message(PayloadKind kind) {
        return new MegaMessage("m-1", 3, Map.of("tenant", "acme"), kind, "orders", null);
    }

    @Test
    void bindsEachPayloadKindByParameterType() {
        MegaEvent event = MegaEvent.builder().name("item.added").timestamp(Instant.EPOCH).build();
        assertThat(listener("onEvent", null, List.of()).invoke(message(PayloadKind.MEGA), new Payload.Mega(event)).join().status())
                .isEqualTo(ProcessStatus.RETRY_LATER);
        assertThat(listener("onMap", null, List.of()).invoke(message(PayloadKind.DATA),
                new Payload.Data(Map.of("a", 1))).join().status()).isEqualTo(ProcessStatus.DONE);
        assertThat(listener("onCart", null, List.of()).invoke(message(PayloadKind.DATA),
                new Payload.Data(Map.of("id", "c", "items", 2, "extra", true))).join().status()).isEqualTo(ProcessStatus.DONE);
        assertThat(listener("onText", null, List.of()).invoke(message(PayloadKind.TEXT), new Payload.Text("hi")).join().status())
                .isEqualTo(ProcessStatus.DONE);
        assertThat(listeners.received).containsExactly("item.added#3", Map.of("a", 1), new Cart("c", 2), "hi");
    }

    @Test
    void theParameterTypeSelectsTheKindAndGuardsTheMatcher() {
        assertThat(listener("onEvent", null, List.of()).kind()).isEqualTo(PayloadKind.MEGA);
        assertThat(listener("onMap", null, List.of()).kind()).isEqualTo(PayloadKind.DATA);
        assertThat(listener("onCart", null, List.of()).kind()).isEqualTo(PayloadKind.DATA);
        assertThat(listener("onText", null, List.of()).kind()).isEqualTo(PayloadKind.TEXT);
        assertThat(listener("onBinary", null, List.of()).kind()).isEqualTo(PayloadKind.BINARY);
        ListenerMethod text = listener("onText", "text contains 'urgent'", List.of());
        assertThat(text.matcher().matches(MatchInput.of(new Payload.Text("urgent!")))).isTrue();
        assertThat(text.matcher().matches(MatchInput.of(new Payload.Data(Map.of("text", "urgent"))))).isFalse();
        assertThat(listener("onMap", "", List.of()).matcher().matches(MatchInput.of(new Payload.Data(Map.of())))).isTrue();
    }

    @Test
    void exceptionsAreRetriableWhenListedElseFatal() {
        List<Class<? extends Throwable>> retriable = List.of(TimeoutException.class, UncheckedIOException.class);
        MegaMessage text = message(PayloadKind.TEXT);
        assertThat(listener("failsRetriably", null, retriable).invoke(text, new Payload.Text("x")).join().status())
                .isEqualTo(ProcessStatus.RETRIABLE_ERROR);
        assertThat(listener("failsRetriably", null, List.of()).invoke(text, new Payload.Text("x")).join().status())
                .isEqualTo(ProcessStatus.FATAL_ERROR);
        assertThat(listener("failsFatally", null, retriable).invoke(text, new Payload.Text("x")).join().status())
                .isEqualTo(ProcessStatus.FATAL_ERROR);
        assertThat(listener("failsWithChecked", null, List.of(java.io.IOException.class)).invoke(text, new Payload.Text("x"))
                .join().status()).isEqualTo(ProcessStatus.RETRIABLE_ERROR);
        assertThat(listener("onBinary", null, retriable).invoke(message(PayloadKind.BINARY), new Payload.Binary(new byte[1]))
                .join().status()).isEqualTo(ProcessStatus.RETRIABLE_ERROR);
    }

    @Test
    void theExceptionIsKeptForTheLogAndTheDeadLetterReason() {
        ListenerMethod.Invocation fatal = listener("failsFatally", null, List.of())
                .invoke(message(PayloadKind.TEXT), new Payload.Text("x")).join();
        assertThat(fatal.failure()).isInstanceOf(IllegalStateException.class);
        assertThat(fatal.failureSummary()).isEqualTo("IllegalStateException: bad");
        ListenerMethod.Invocation done = listener("onText", null, List.of())
                .invoke(message(PayloadKind.TEXT), new Payload.Text("x")).join();
        assertThat(done.failure()).isNull();
        assertThat(done.failureSummary()).isNull();
    }

    @Test
    void aDataObjectThatDoesNotFitThePojoIsAnInvalidPayloadNeverRetried() {
        ListenerMethod.Invocation invocation = listener("onCart", null, List.of(RuntimeException.class))
                .invoke(message(PayloadKind.DATA), new Payload.Data(Map.of("items", "many"))).join();
        assertThat(invocation.status()).isEqualTo(ProcessStatus.FATAL_ERROR);
        assertThat(invocation.failure()).isInstanceOf(InvalidPayloadException.class)
                .hasMessageStartingWith("the data object does not bind to Cart: ");
    }

    @Test
    void aValidatedPayloadNeedsAValidatorAndAViolationIsAnInvalidPayload() {
        Method method = java.util.Arrays.stream(Listeners.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("onValidCart")).findFirst().orElseThrow();
        assertThatThrownBy(() -> ListenerMethod.of(listeners, method, "orders", null, List.of(), null, compiler,
                new Jackson2ObjectMapping(MegaJson.mapper(), "test"), null))
                .isInstanceOf(MegaListenerException.class).hasMessageContaining("onValidCart")
                .hasMessageContaining("no Validator");
        org.springframework.validation.Validator positiveItems = new org.springframework.validation.Validator() {
            @Override
            public boolean supports(Class<?> type) {
                return type == Cart.class;
            }

            @Override
            public void validate(Object target, org.springframework.validation.Errors errors) {
                if (((Cart) target).items() < 1) {
                    errors.rejectValue("items", "min", "must be at least 1");
                }
            }
        };
        ListenerMethod validated = ListenerMethod.of(listeners, method, "orders", null, List.of(), null, compiler,
                new Jackson2ObjectMapping(MegaJson.mapper(), "test"), positiveItems);
        ListenerMethod.Invocation invalid = validated.invoke(message(PayloadKind.DATA),
                new Payload.Data(Map.of("id", "c", "items", 0))).join();
        assertThat(invalid.failure()).isInstanceOf(InvalidPayloadException.class)
                .hasMessage("Cart is not valid: items: must be at least 1");
        assertThat(validated.invoke(message(PayloadKind.DATA), new Payload.Data(Map.of("id", "c", "items", 1))).join()
                .status()).isEqualTo(ProcessStatus.DONE);
    }

    @Test
    void unusableSignaturesFailNamingTheMethod() {
        String prefix = "@MegaListener " + Listeners.class.getName() + ".";
        assertThatThrownBy(() -> listener("twoPayloads", null, List.of())).isInstanceOf(MegaListenerException.class)
                .hasMessage(prefix + "twoPayloads(MegaEvent, String) declares two payload parameters (mega and text): "
                        + "a message carries one payload");
        assertThatThrownBy(() -> listener("noPayload", null, List.of()))
                .hasMessageStartingWith(prefix + "noPayload(MegaMessage) has no payload parameter");
        assertThatThrownBy(() -> listener("primitive", null, List.of()))
                .hasMessageStartingWith(prefix + "primitive(int): parameter 'count' of type int cannot be bound");
        assertThatThrownBy(() -> listener("objects", null, List.of()))
                .hasMessageContaining("the batch parameter 'items' of type java.util.List<java.lang.Object> cannot be "
                        + "bound: declare exactly one parameter, List<T> or List<Message<T>>");
        assertThatThrownBy(() -> listener("batchAndMessage", null, List.of()))
                .hasMessageStartingWith(prefix + "batchAndMessage(List, MegaMessage) is a batch listener (batch = true or "
                        + "a List parameter): declare exactly one parameter");
        assertThatThrownBy(() -> batchListener("batchWithoutList"))
                .hasMessageStartingWith(prefix + "batchWithoutList(String) is a batch listener");
        assertThatThrownBy(() -> listener("singleReturningStatuses", null, List.of()))
                .hasMessageContaining("returns java.util.List<io.sqsmega.dispatch.ProcessStatus>: return void, "
                        + "ProcessStatus, or a CompletableFuture of ProcessStatus or Void");
        assertThatThrownBy(() -> listener("intKeys", null, List.of()))
                .hasMessageContaining("java.util.Map<java.lang.Integer, java.lang.Object> cannot be bound");
        assertThatThrownBy(() -> listener("returnsString", null, List.of()))
                .hasMessage(prefix + "returnsString(String) returns java.lang.String: return void, ProcessStatus, or a "
                        + "CompletableFuture of ProcessStatus or Void");
        assertThatThrownBy(() -> listener("returnsFutureOfString", null, List.of())).hasMessageContaining("returns");
        assertThatThrownBy(() -> listener("isStatic", null, List.of())).hasMessageContaining("is static");
    }

    @Test
    void badExpressionsFailStartupWithTheMethodAndTheCaret() {
        assertThatThrownBy(() -> listener("onEvent", "strtsWith(event.name, 'x')", List.of()))
                .isInstanceOf(MegaListenerException.class)
                .hasMessage("@MegaListener " + Listeners.class.getName() + ".onEvent(MegaEvent, MegaMessage): invalid "
                        + "match expression: unknown function 'strtsWith' at line 1, column 1\n"
                        + "  strtsWith(event.name, 'x')\n  ^^^^^^^^^^^^^^^^^^^^^^^^^^\nhint: did you mean 'startsWith'?");
        assertThatThrownBy(() -> listener("onEvent", "data.x == 1", List.of()))
                .hasMessageContaining("this expression can never match a mega payload");
    }
}
