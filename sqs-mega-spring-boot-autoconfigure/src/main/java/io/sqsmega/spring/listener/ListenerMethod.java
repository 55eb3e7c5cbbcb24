package io.sqsmega.spring.listener;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.dispatch.ProcessStatus;
import io.sqsmega.dispatch.RetryBackoff;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.match.MatchCompileException;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.Matcher;
import io.sqsmega.spring.CompletionFailures;
import io.sqsmega.spring.MegaListener;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.json.Jackson2ObjectMapping;
import io.sqsmega.spring.json.ObjectMapping;
import io.sqsmega.spring.listener.ArgumentBinders.ArgumentBinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import software.amazon.awssdk.services.sqs.model.Message;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * One {@link MegaListener} method, checked and compiled at startup: its payload kind (from the
 * payload parameter's type), its argument binders, its matcher (the expression compiled for that
 * kind), and how its return value or exception becomes a {@link ProcessStatus}. Immutable and
 * thread-safe; invocation never throws.
 */
public final class ListenerMethod {

    /** Converts {@code @Header} values (text) to the parameter's type. */

    private final Object bean;
    private final Method method;
    private final String id;
    private final String queue;
    private final PayloadKind kind;
    private final Matcher matcher;
    private final List<ArgumentBinder> binders;
    private final boolean needsHeaders;
    private final List<Class<? extends Throwable>> retriable;
    private final RetryBackoff retryBackoff;
    /** For a batch listener, what binds each message to an element of its list; {@code null} otherwise. */
    private final ArgumentBinder elementBinder;

    private ListenerMethod(Object bean, Method method, String id, String queue, PayloadKind kind, Matcher matcher,
            List<ArgumentBinder> binders, boolean needsHeaders, List<Class<? extends Throwable>> retriable,
            RetryBackoff retryBackoff, ArgumentBinder elementBinder) {
        this.elementBinder = elementBinder;
        this.needsHeaders = needsHeaders;
        this.bean = bean;
        this.method = method;
        this.id = id;
        this.queue = queue;
        this.kind = kind;
        this.matcher = matcher;
        this.binders = binders;
        this.retriable = retriable;
        this.retryBackoff = retryBackoff;
    }

    /**
     * Checks and compiles a listener method.
     *
     * @param bean the bean
     * @param method the annotated method
     * @param queue the queue, placeholders already resolved
     * @param match the match expression, placeholders already resolved (empty for none)
     * @param retriable exception types that mean retry (the annotation's and the global ones)
     * @param compiler the match compiler, with the registered functions
     * @param mapper the mapper that binds data objects to POJO parameters
     * @return the listener method, with the container's retry backoff
     * @throws MegaListenerException naming the method, when it cannot work
     */
    public static ListenerMethod of(Object bean, Method method, String queue, String match,
            List<Class<? extends Throwable>> retriable, MatchCompiler compiler, ObjectMapper mapper) {
        return of(bean, method, queue, match, retriable, null, compiler, mapper);
    }

    /**
     * Checks and compiles a listener method with a retry backoff of its own.
     *
     * @param bean the bean
     * @param method the annotated method
     * @param queue the queue, placeholders already resolved
     * @param match the match expression, placeholders already resolved (empty for none)
     * @param retriable exception types that mean retry (the annotation's and the global ones)
     * @param retryBackoff this listener's backoff, or {@code null} for the container's
     * @param compiler the match compiler, with the registered functions
     * @param mapper the mapper that binds data objects to POJO parameters
     * @return the listener method
     * @throws MegaListenerException naming the method, when it cannot work
     */
    public static ListenerMethod of(Object bean, Method method, String queue, String match,
            List<Class<? extends Throwable>> retriable, RetryBackoff retryBackoff, MatchCompiler compiler,
            ObjectMapper mapper) {
        return of(bean, method, queue, match, retriable, retryBackoff, compiler,
                new Jackson2ObjectMapping(mapper, "SQS MEGA's ObjectMapper"), null);
    }

    /**
     * Checks and compiles a listener method, binding data objects with the application's mapper and
     * validating {@code @Valid} / {@code @Validated} payload parameters with its validator.
     *
     * @param bean the bean
     * @param method the annotated method
     * @param queue the queue, placeholders already resolved
     * @param match the match expression, placeholders already resolved (empty for none)
     * @param retriable exception types that mean retry (the annotation's and the global ones)
     * @param retryBackoff this listener's backoff, or {@code null} for the container's
     * @param compiler the match compiler, with the registered functions
     * @param mapping binds data objects to record and POJO parameters
     * @param validator validates {@code @Valid} payloads, or {@code null} when the application has none
     * @return the listener method
     * @throws MegaListenerException naming the method, when it cannot work
     */
    public static ListenerMethod of(Object bean, Method method, String queue, String match,
            List<Class<? extends Throwable>> retriable, RetryBackoff retryBackoff, MatchCompiler compiler,
            ObjectMapping mapping, Validator validator) {
        return of(bean, method, queue, match, retriable, retryBackoff, compiler, mapping, validator, false);
    }

    /**
     * Checks and compiles a listener method, a batch listener when {@code batch} is set or the
     * method takes a {@code List}.
     *
     * @param bean the bean
     * @param method the annotated method
     * @param queue the queue, placeholders already resolved
     * @param match the match expression, placeholders already resolved (empty for none)
     * @param retriable exception types that mean retry (the annotation's and the global ones)
     * @param retryBackoff this listener's backoff, or {@code null} for the container's
     * @param compiler the match compiler, with the registered functions
     * @param mapping binds data objects to record and POJO parameters
     * @param validator validates {@code @Valid} payloads, or {@code null} when the application has none
     * @param batch whether the annotation asks for a batch listener ({@link MegaListener#batch()})
     * @return the listener method
     * @throws MegaListenerException naming the method, when it cannot work
     */
    public static ListenerMethod of(Object bean, Method method, String queue, String match,
            List<Class<? extends Throwable>> retriable, RetryBackoff retryBackoff, MatchCompiler compiler,
            ObjectMapping mapping, Validator validator, boolean batch) {
        // Named after the bean's own class, not a proxy's.
        Class<?> beanType = AopProxyUtils.ultimateTargetClass(bean);
        String id = beanType.getSimpleName() + "." + method.getName();
        String signature = beanType.getName() + "." + method.getName() + "(" + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
        if (Modifier.isStatic(method.getModifiers())) {
            throw new MegaListenerException("@MegaListener " + signature + " is static: make it an instance method", null);
        }
        if (queue == null || queue.isBlank()) {
            throw new MegaListenerException("@MegaListener " + signature + " has no queue: set queue = \"orders\" "
                    + "(a mega.queues name, a queue name or URL)", null);
        }
        if (batch || Arrays.stream(method.getParameters()).anyMatch(parameter -> parameter.getType() == List.class)) {
            return batchListener(bean, method, id, signature, queue, match, retriable, retryBackoff, compiler, mapping,
                    validator);
        }
        PayloadKind kind = null;
        List<ArgumentBinder> binders = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            Class<?> type = parameter.getType();
            ArgumentBinder context = ArgumentBinders.context(parameter, signature);
            if (context != null) {
                binders.add(context);
                continue;
            }
            // The payload: as it is, or inside a Spring Messaging Message<T>.
            boolean wrapped = type == org.springframework.messaging.Message.class;
            Type payloadType = wrapped ? ArgumentBinders.messagePayloadType(parameter, signature) : parameter.getParameterizedType();
            Class<?> payloadClass = ArgumentBinders.rawClass(payloadType);
            PayloadKind parameterKind = payloadClass == null ? null : ArgumentBinders.kindOf(payloadClass, payloadType);
            if (parameterKind == null) {
                throw new MegaListenerException("@MegaListener " + signature + ": parameter '" + parameter.getName()
                        + "' of type " + parameter.getParameterizedType().getTypeName() + " cannot be bound. Declare "
                        + "one payload parameter (MegaEvent, Map<String, Object> or a POJO/record, String, byte[], "
                        + "optionally @Payload, or Message<T> of one of these) and any of MegaMessage, the SDK's "
                        + "Message, @Header(\"name\") and @Headers Map<String, Object>", null);
            }
            if (kind != null) {
                throw new MegaListenerException("@MegaListener " + signature + " declares two payload parameters ("
                        + kind.label() + " and " + parameterKind.label() + "): a message carries one payload", null);
            }
            kind = parameterKind;
            ArgumentBinder binder = ArgumentBinders.payload(parameterKind, payloadClass, payloadType, mapping);
            binder = ArgumentBinders.validatedWhenAsked(binder, parameter, false, validator, signature);
            binders.add(wrapped ? ArgumentBinders.asMessage(binder) : binder);
        }
        if (kind == null) {
            throw new MegaListenerException("@MegaListener " + signature + " has no payload parameter: declare a "
                    + "MegaEvent, Map<String, Object> or POJO/record, String or byte[] parameter", null);
        }
        checkReturnType(method, signature, false);
        Matcher matcher = compile(compiler, match, kind, signature);
        method.setAccessible(true);
        boolean needsHeaders = Arrays.stream(method.getParameters()).anyMatch(parameter ->
                parameter.getType() == org.springframework.messaging.Message.class
                        || AnnotatedElementUtils.hasAnnotation(parameter, Header.class)
                        || AnnotatedElementUtils.hasAnnotation(parameter, Headers.class));
        return new ListenerMethod(bean, method, id, queue, kind, matcher, List.copyOf(binders), needsHeaders,
                List.copyOf(retriable), retryBackoff, null);
    }

    private static Matcher compile(MatchCompiler compiler, String match, PayloadKind kind, String signature) {
        try {
            return match == null || match.isBlank() ? compiler.acceptAll(kind) : compiler.compile(match, kind);
        }
        catch (MatchCompileException ex) {
            throw new MegaListenerException("@MegaListener " + signature + ": invalid match expression: "
                    + ex.getMessage(), ex);
        }
    }

    /**
     * A batch listener: one parameter, {@code List<T>} or {@code List<Message<T>>}, each element bound
     * (and validated) as a single listener's payload parameter would be.
     */
    private static ListenerMethod batchListener(Object bean, Method method, String id, String signature, String queue,
            String match, List<Class<? extends Throwable>> retriable, RetryBackoff retryBackoff, MatchCompiler compiler,
            ObjectMapping mapping, Validator validator) {
        String expected = "declare exactly one parameter, List<T> or List<Message<T>> with T one of MegaEvent, "
                + "Map<String, Object>, a POJO/record, String or byte[]";
        Parameter[] parameters = method.getParameters();
        if (parameters.length != 1 || parameters[0].getType() != List.class) {
            throw new MegaListenerException("@MegaListener " + signature + " is a batch listener (batch = true or a "
                    + "List parameter): " + expected + "; a batch has no single MegaMessage or header, each "
                    + "Message<T> of the list carries its own", null);
        }
        Parameter parameter = parameters[0];
        Type element = parameter.getParameterizedType() instanceof ParameterizedType list
                ? list.getActualTypeArguments()[0] : null;
        boolean wrapped = element != null && ArgumentBinders.rawClass(element) == org.springframework.messaging.Message.class;
        Type payloadType = element;
        if (wrapped) {
            payloadType = element instanceof ParameterizedType message ? message.getActualTypeArguments()[0] : null;
        }
        Class<?> payloadClass = payloadType == null ? null : ArgumentBinders.rawClass(payloadType);
        PayloadKind kind = payloadClass == null ? null : ArgumentBinders.kindOf(payloadClass, payloadType);
        if (kind == null) {
            throw new MegaListenerException("@MegaListener " + signature + ": the batch parameter '" + parameter.getName()
                    + "' of type " + parameter.getParameterizedType().getTypeName() + " cannot be bound: " + expected,
                    null);
        }
        ArgumentBinder binder = ArgumentBinders.payload(kind, payloadClass, payloadType, mapping);
        binder = ArgumentBinders.validatedWhenAsked(binder, parameter, true, validator, signature);
        checkReturnType(method, signature, true);
        Matcher matcher = compile(compiler, match, kind, signature);
        method.setAccessible(true);
        return new ListenerMethod(bean, method, id, queue, kind, matcher, List.of(), wrapped, List.copyOf(retriable),
                retryBackoff, wrapped ? ArgumentBinders.asMessage(binder) : binder);
    }

    private static void checkReturnType(Method method, String signature, boolean batch) {
        Class<?> returns = method.getReturnType();
        if (returns == void.class || returns == Void.class || returns == ProcessStatus.class
                || (batch && isStatusList(method.getGenericReturnType()))) {
            return;
        }
        if (CompletionStage.class.isAssignableFrom(returns)) {
            Type generic = method.getGenericReturnType();
            Type argument = generic instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[0]
                    : Object.class;
            if (argument == ProcessStatus.class || argument == Void.class || (batch && isStatusList(argument))) {
                return;
            }
        }
        throw new MegaListenerException("@MegaListener " + signature + " returns " + method.getGenericReturnType()
                .getTypeName() + ": return void, ProcessStatus, " + (batch ? "List<ProcessStatus> (one per message), " : "")
                + "or a CompletableFuture of " + (batch ? "one of these" : "ProcessStatus or Void"), null);
    }

    private static boolean isStatusList(Type type) {
        return type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class
                && parameterized.getActualTypeArguments()[0] == ProcessStatus.class;
    }


    /**
     * What one invocation answered.
     *
     * @param status the listener's status
     * @param failure the exception behind {@link ProcessStatus#RETRIABLE_ERROR} or
     *        {@link ProcessStatus#FATAL_ERROR}, else {@code null}
     */
    public record Invocation(ProcessStatus status, Throwable failure) {

        /** Requires the status. */
        public Invocation {
            Objects.requireNonNull(status, "status");
        }

        /** @return the failure as one line, {@code Type: message}, or {@code null} when none */
        public String failureSummary() {
            if (failure == null) {
                return null;
            }
            String text = failure.getMessage();
            return failure.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : ": " + text);
        }
    }

    /**
     * Invokes the method. Never throws: exceptions and failed futures become
     * {@link ProcessStatus#RETRIABLE_ERROR} (listed types) or {@link ProcessStatus#FATAL_ERROR},
     * with the exception kept for the log and the dead-letter reason.
     *
     * @param message the message
     * @param payload its payload, of this method's kind
     * @return the listener's answer
     */
    public CompletableFuture<Invocation> invoke(MegaMessage message, Payload payload) {
        return invoke(message, payload, null);
    }

    /**
     * Invokes the method, with the SQS message at hand for the parameters that ask for it (the SDK's
     * {@code Message}, the receipt handle and group id among the headers).
     *
     * @param message the message
     * @param payload its payload, of this method's kind
     * @param raw the SQS message
     * @return the listener's answer
     */
    public CompletableFuture<Invocation> invoke(MegaMessage message, Payload payload, Message raw) {
        if (elementBinder != null) {
            // A batch listener given one message: a batch of one.
            Object element;
            try {
                element = bindElement(message, payload, raw);
            }
            catch (RuntimeException ex) {
                return CompletableFuture.completedFuture(bindingFailed(ex));
            }
            return invokeBatch(List.of(element)).thenApply(answers -> answers.get(0));
        }
        Object result;
        try {
            // Once per call, for every parameter that reads them, and only when one does. Shared safely: every
            // binder reads it before the method runs, and Message<T> copies it.
            Map<String, Object> headers = needsHeaders ? ListenerHeaders.of(message, raw) : null;
            Object[] arguments = new Object[binders.size()];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = binders.get(i).bind(message, payload, raw, headers);
            }
            result = method.invoke(bean, arguments);
        }
        catch (InvocationTargetException ex) {
            return CompletableFuture.completedFuture(classify(ex.getCause()));
        }
        catch (InvalidPayloadException ex) {
            // Never retried, whatever the retriable types: the same payload fails the same way.
            return CompletableFuture.completedFuture(new Invocation(ProcessStatus.FATAL_ERROR, ex));
        }
        catch (IllegalAccessException | RuntimeException ex) {
            // Binding failed (e.g. the data object does not fit the POJO): the message cannot be handled.
            return CompletableFuture.completedFuture(classify(ex));
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.toCompletableFuture().handle((value, failure) -> failure != null ? classify(CompletionFailures.cause(failure))
                    : answered(value));
        }
        return CompletableFuture.completedFuture(answered(result));
    }

    /**
     * Binds one message to an element of a batch listener's list.
     *
     * @param message the message
     * @param payload its payload, of this method's kind
     * @param raw the SQS message
     * @return the element
     * @throws RuntimeException when the message does not bind ({@link InvalidPayloadException} when it
     *         cannot, whatever happens): see {@link #bindingFailed}
     */
    Object bindElement(MegaMessage message, Payload payload, Message raw) {
        Map<String, Object> headers = needsHeaders ? ListenerHeaders.of(message, raw) : null;
        return elementBinder.bind(message, payload, raw, headers);
    }

    /**
     * @param failure why a message did not bind
     * @return the answer for that message: an invalid payload is never retried
     */
    Invocation bindingFailed(RuntimeException failure) {
        return classify(failure);
    }

    /**
     * Invokes a batch listener. Never throws: an exception or a failed future retries every message
     * (an {@link InvalidPayloadException} fails them for good); a list of statuses of the wrong size
     * fails every message for good, saying so.
     *
     * @param elements the bound messages, in the order received
     * @return one answer per element, in the same order
     */
    CompletableFuture<List<Invocation>> invokeBatch(List<Object> elements) {
        int size = elements.size();
        Object result;
        try {
            result = method.invoke(bean, Collections.unmodifiableList(elements));
        }
        catch (InvocationTargetException ex) {
            return CompletableFuture.completedFuture(batchFailed(ex.getCause(), size));
        }
        catch (IllegalAccessException | RuntimeException ex) {
            return CompletableFuture.completedFuture(batchFailed(ex, size));
        }
        if (result instanceof CompletionStage<?> stage) {
            return stage.toCompletableFuture().handle((value, failure) -> failure != null
                    ? batchFailed(CompletionFailures.cause(failure), size) : batchAnswered(value, size));
        }
        return CompletableFuture.completedFuture(batchAnswered(result, size));
    }

    private static List<Invocation> batchFailed(Throwable failure, int size) {
        ProcessStatus status = failure instanceof InvalidPayloadException ? ProcessStatus.FATAL_ERROR
                : ProcessStatus.RETRIABLE_ERROR;
        return Collections.nCopies(size, new Invocation(status, failure));
    }

    private List<Invocation> batchAnswered(Object result, int size) {
        if (result instanceof List<?> statuses) {
            // Not contains(null): List.of refuses that question.
            boolean someNull = statuses.stream().anyMatch(Objects::isNull);
            if (statuses.size() != size || someNull) {
                IllegalStateException wrong = new IllegalStateException(id + " returned " + statuses.size()
                        + " statuses" + (someNull ? " (some null)" : "") + " for a batch of " + size
                        + " messages: return one ProcessStatus per message, in the order of the list it was given");
                return Collections.nCopies(size, new Invocation(ProcessStatus.FATAL_ERROR, wrong));
            }
            List<Invocation> answers = new ArrayList<>(size);
            statuses.forEach(status -> answers.add(new Invocation((ProcessStatus) status, null)));
            return answers;
        }
        return Collections.nCopies(size, answered(result));
    }

    /** @return whether it takes a poll's matching messages as one list */
    public boolean isBatch() {
        return elementBinder != null;
    }

    private static Invocation answered(Object result) {
        return new Invocation(result instanceof ProcessStatus status ? status : ProcessStatus.DONE, null);
    }

    private Invocation classify(Throwable failure) {
        if (failure instanceof InvalidPayloadException) {
            return new Invocation(ProcessStatus.FATAL_ERROR, failure);
        }
        for (Class<? extends Throwable> type : retriable) {
            if (type.isInstance(failure)) {
                return new Invocation(ProcessStatus.RETRIABLE_ERROR, failure);
            }
        }
        return new Invocation(ProcessStatus.FATAL_ERROR, failure);
    }

    /** @return {@code SimpleBeanClassName.method}, for logs and metrics */
    public String id() {
        return id;
    }

    /** @return the queue as the annotation named it */
    public String queue() {
        return queue;
    }

    /** @return the payload kind the method accepts */
    public PayloadKind kind() {
        return kind;
    }

    /** @return this listener's retry backoff, or {@code null} for the container's */
    public RetryBackoff retryBackoff() {
        return retryBackoff;
    }

    /** @return the compiled match, guarded by the payload kind */
    public Matcher matcher() {
        return matcher;
    }

    @Override
    public String toString() {
        return "ListenerMethod[" + id + " on " + queue + ": " + matcher.expression() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof ListenerMethod that && bean == that.bean && method.equals(that.method));
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(bean), method);
    }
}
