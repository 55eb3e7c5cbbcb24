package io.sqsmega.spring.autoconfigure;

import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.modulith.MegaEventExternalizer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.support.DelegatingEventExternalizer;

/**
 * Externalizes Spring Modulith's events through {@link MegaTemplate} when the application has Spring
 * Modulith's event externalization ({@code spring-modulith-events-core}, e.g. through
 * {@code spring-modulith-starter-jdbc}) and SQS MEGA's template. Off with
 * {@code mega.modulith.enabled=false}, or with Modulith's own
 * {@code spring.modulith.events.externalization.enabled=false}.
 */
@AutoConfiguration(after = MegaAutoConfiguration.class,
        afterName = "org.springframework.modulith.events.config.EventExternalizationAutoConfiguration")
@ConditionalOnClass({DelegatingEventExternalizer.class, MegaTemplate.class})
@ConditionalOnProperty(name = "spring.modulith.events.externalization.enabled", havingValue = "true",
        matchIfMissing = true)
@ConditionalOnProperty(name = "mega.modulith.enabled", havingValue = "true", matchIfMissing = true)
public class MegaModulithAutoConfiguration {

    /**
     * Modulith's externalizer, sending through {@link MegaTemplate}. Named so that an application can
     * replace it, and beside any other externalizer (Kafka, AMQP) the application has.
     *
     * @param configuration Modulith's externalization configuration
     * @param mega the template
     * @param beanFactory for bean references in routing expressions
     * @return the externalizer
     */
    @Bean
    @ConditionalOnMissingBean(name = "megaEventExternalizer")
    @ConditionalOnBean({MegaTemplate.class, EventExternalizationConfiguration.class})
    public DelegatingEventExternalizer megaEventExternalizer(EventExternalizationConfiguration configuration,
            MegaTemplate mega, BeanFactory beanFactory) {
        StandardEvaluationContext context = new StandardEvaluationContext();
        context.setBeanResolver(new BeanFactoryResolver(beanFactory));
        return new DelegatingEventExternalizer(configuration, new MegaEventExternalizer(mega, configuration, context));
    }
}
