package io.sqsmega.spring.listener;

import io.sqsmega.codec.Payload;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.spring.MegaMessage;
import io.sqsmega.spring.json.ObjectMapping;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.ValueConstants;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * How a {@link ListenerMethod}'s parameters get their arguments: the payload by its kind (bound with the
 * application's mapping, validated when {@code @Valid}), wrapped in a Spring Messaging {@code Message}
 * when asked, and the context parameters ({@link MegaMessage}, the SDK's {@link Message},
 * {@code @Header}, {@code @Headers}). Decided once per parameter at startup; the binders run per message.
 */
final class ArgumentBinders {

    private static final ConversionService CONVERSIONS = DefaultConversionService.getSharedInstance();

    private ArgumentBinders() {
    }

    /** Supplies one argument of the method for one message. */
    @FunctionalInterface
    interface ArgumentBinder {

        /**
         * @param message the message as listeners see it
         * @param payload its payload
         * @param raw the SQS message, or {@code null} when not at hand
         * @param headers the {@link ListenerHeaders}, built once per call when a parameter asks for them,
         *        else {@code null}
         * @return the argument
         */
        Object bind(MegaMessage message, Payload payload, Message raw, Map<String, Object> headers);
    }

    /** {@code List<@Valid Order>}: the annotation on the element type rather than the parameter. */
    private static boolean elementIsValidated(Parameter parameter) {
        if (parameter.getAnnotatedType() instanceof AnnotatedParameterizedType list) {
            for (Annotation annotation : list.getAnnotatedActualTypeArguments()[0].getAnnotations()) {
                if (annotation.annotationType().getName().equals("jakarta.validation.Valid")
                        || annotation instanceof Validated) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A parameter that is not the payload: {@link MegaMessage}, the SDK's {@link Message},
     * {@code @Header}, {@code @Headers}; {@code null} for the payload parameter.
     */
    static ArgumentBinder context(Parameter parameter, String signature) {
        Class<?> type = parameter.getType();
        if (type == MegaMessage.class) {
            return (message, payload, raw, headers) -> message;
        }
        if (type == Message.class) {
            return (message, payload, raw, headers) -> raw;
        }
        Header header = AnnotatedElementUtils.findMergedAnnotation(parameter, Header.class);
        if (header != null) {
            String name = !header.name().isEmpty() ? header.name() : header.value();
            if (name.isEmpty()) {
                throw new MegaListenerException("@MegaListener " + signature + ": @Header on parameter '"
                        + parameter.getName() + "' needs the attribute's name: @Header(\"tenant\")", null);
            }
            String defaultValue = ValueConstants.DEFAULT_NONE.equals(header.defaultValue()) ? null : header.defaultValue();
            boolean required = header.required() && defaultValue == null;
            TypeDescriptor target = new TypeDescriptor(MethodParameter.forParameter(parameter));
            return (message, payload, raw, headers) -> {
                Object value = headers.get(name);
                if (value == null) {
                    value = defaultValue;
                }
                if (value == null) {
                    if (required) {
                        throw new InvalidPayloadException("the message has no attribute or header '" + name
                                + "', which " + signature + " requires (@Header(required = false) accepts its absence)");
                    }
                    return null;
                }
                try {
                    return CONVERSIONS.convert(value, TypeDescriptor.forObject(value), target);
                }
                catch (RuntimeException ex) {
                    throw new InvalidPayloadException("header '" + name + "' (" + value + ") does not convert to "
                            + target.getType().getSimpleName() + ": " + ex.getMessage(), ex);
                }
            };
        }
        if (AnnotatedElementUtils.hasAnnotation(parameter, Headers.class)) {
            if (!Map.class.isAssignableFrom(type)) {
                throw new MegaListenerException("@MegaListener " + signature + ": @Headers parameter '"
                        + parameter.getName() + "' must be a Map<String, Object>", null);
            }
            return (message, payload, raw, headers) -> headers;
        }
        return null;
    }

    /** @return {@code T} of a {@code Message<T>} parameter; fails startup when it is not declared */
    static Type messagePayloadType(Parameter parameter, String signature) {
        if (parameter.getParameterizedType() instanceof ParameterizedType parameterized) {
            Type argument = parameterized.getActualTypeArguments()[0];
            if (argument instanceof Class<?> || argument instanceof ParameterizedType) {
                return argument;
            }
        }
        throw new MegaListenerException("@MegaListener " + signature + ": parameter '" + parameter.getName()
                + "' is a Message without its payload type: declare Message<MegaEvent>, Message<Map<String, Object>>, "
                + "Message<YourRecord>, Message<String> or Message<byte[]>", null);
    }

    /** @return the class of a type ({@code Map} for {@code Map<String, Object>}), or {@code null} */
    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        return type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw ? raw
                : null;
    }

    /** Wraps the payload in a Spring Messaging {@code Message} with {@link ListenerHeaders} as its headers. */
    static ArgumentBinder asMessage(ArgumentBinder payloadBinder) {
        return (message, payload, raw, headers) -> MessageBuilder.createMessage(payloadBinder.bind(message, payload, raw, headers),
                new MessageHeaders(headers));
    }

    /** @return the payload kind a parameter of this type takes, or {@code null} when it takes none */
    static PayloadKind kindOf(Class<?> type, Type generic) {
        if (type == MegaEvent.class) {
            return PayloadKind.MEGA;
        }
        if (type == String.class) {
            return PayloadKind.TEXT;
        }
        if (type == byte[].class) {
            return PayloadKind.BINARY;
        }
        if (Map.class.isAssignableFrom(type)) {
            if (generic instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] != String.class) {
                return null;
            }
            return PayloadKind.DATA;
        }
        boolean pojo = !type.isPrimitive() && !type.isArray() && !type.isInterface() && !type.isEnum()
                && type != Object.class && !type.getName().startsWith("java.") && !type.getName().startsWith("javax.");
        return pojo ? PayloadKind.DATA : null;
    }

    /** @return the binder of a payload of that kind to that type (data objects through the mapping) */
    static ArgumentBinder payload(PayloadKind kind, Class<?> type, Type generic, ObjectMapping mapping) {
        return switch (kind) {
            case MEGA -> (message, payload, raw, headers) -> ((Payload.Mega) payload).event();
            case TEXT -> (message, payload, raw, headers) -> ((Payload.Text) payload).text();
            case BINARY -> (message, payload, raw, headers) -> ((Payload.Binary) payload).bytes();
            case DATA -> Map.class.isAssignableFrom(type) ? (message, payload, raw, headers) -> ((Payload.Data) payload).data()
                    : (message, payload, raw, headers) -> {
                        try {
                            return mapping.bind(((Payload.Data) payload).data(), generic);
                        }
                        catch (RuntimeException ex) {
                            throw new InvalidPayloadException("the data object does not bind to " + type.getSimpleName()
                                    + ": " + ex.getMessage(), ex);
                        }
                    };
        };
    }

    /** {@code jakarta.validation.Valid} (by name: the API is optional) or Spring's {@code @Validated}. */
    private static boolean isValidated(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            String name = annotation.annotationType().getName();
            if (name.equals("jakarta.validation.Valid") || annotation instanceof Validated) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param binder binds the payload
     * @param parameter the payload parameter (or a batch's list)
     * @param elements whether {@code List<@Valid T>} counts too (a batch listener's list)
     * @param validator the application's validator, or {@code null}
     * @param signature the method, for the error
     * @return the binder, validating when the parameter asks for it
     * @throws MegaListenerException when it asks and the application has no validator
     */
    static ArgumentBinder validatedWhenAsked(ArgumentBinder binder, Parameter parameter, boolean elements,
            Validator validator, String signature) {
        if (!isValidated(parameter) && !(elements && elementIsValidated(parameter))) {
            return binder;
        }
        if (validator == null) {
            throw new MegaListenerException("@MegaListener " + signature + ": parameter '" + parameter.getName()
                    + "' is @Valid, but the application has no Validator: add spring-boot-starter-validation "
                    + "(or a jakarta.validation provider), or remove @Valid", null);
        }
        return validating(binder, validator);
    }

    private static ArgumentBinder validating(ArgumentBinder binder,
            Validator validator) {
        return (message, payload, raw, headers) -> {
            Object value = binder.bind(message, payload, raw, headers);
            Errors errors = validator.validateObject(value);
            if (errors.hasErrors()) {
                String violations = errors.getAllErrors().stream().map(error -> error instanceof FieldError field
                        ? field.getField() + ": " + field.getDefaultMessage()
                        : error.getObjectName() + ": " + error.getDefaultMessage()).sorted()
                        .collect(Collectors.joining("; "));
                throw new InvalidPayloadException(value.getClass().getSimpleName() + " is not valid: " + violations);
            }
            return value;
        };
    }
}
