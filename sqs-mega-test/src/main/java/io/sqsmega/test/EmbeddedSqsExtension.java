package io.sqsmega.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM's shared {@link EmbeddedSqs} into test constructors and methods:
 * <pre>{@code
 * @ExtendWith(EmbeddedSqsExtension.class)
 * class OrdersTest {
 *     @Test
 *     void sends(EmbeddedSqs sqs) { ... }
 * }
 * }</pre>
 */
public final class EmbeddedSqsExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedSqs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return EmbeddedSqs.shared();
    }
}
