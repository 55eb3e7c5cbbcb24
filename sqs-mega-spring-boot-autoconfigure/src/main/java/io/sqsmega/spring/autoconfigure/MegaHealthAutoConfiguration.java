package io.sqsmega.spring.autoconfigure;

import io.sqsmega.spring.health.MegaListenersHealthIndicator;
import io.sqsmega.spring.listener.MegaListenerRegistrar;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mega} health indicator, when Spring Boot's health support is on the classpath
 * (Actuator) and listener containers exist. {@code management.health.mega.enabled=false} turns it
 * off.
 */
@AutoConfiguration(after = MegaAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(MegaListenerRegistrar.class)
@ConditionalOnEnabledHealthIndicator("mega")
public class MegaHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "megaHealthIndicator")
    MegaListenersHealthIndicator megaHealthIndicator(MegaListenerRegistrar registrar) {
        return new MegaListenersHealthIndicator(registrar);
    }
}
