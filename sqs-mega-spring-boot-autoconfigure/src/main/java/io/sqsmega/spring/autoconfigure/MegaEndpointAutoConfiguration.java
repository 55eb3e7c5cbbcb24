package io.sqsmega.spring.autoconfigure;

import io.sqsmega.spring.actuate.MegaEndpoint;
import io.sqsmega.spring.listener.MegaListenerRegistrar;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mega} Actuator endpoint ({@link MegaEndpoint}), when Actuator is on the classpath,
 * listener containers exist, and the endpoint is available (enabled, and exposed on some
 * technology: {@code management.endpoints.web.exposure.include=mega} for HTTP).
 */
@AutoConfiguration(after = MegaAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
    "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnBean(MegaListenerRegistrar.class)
@ConditionalOnAvailableEndpoint(MegaEndpoint.class)
public class MegaEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MegaEndpoint megaEndpoint(MegaListenerRegistrar registrar) {
        return new MegaEndpoint(registrar);
    }
}
