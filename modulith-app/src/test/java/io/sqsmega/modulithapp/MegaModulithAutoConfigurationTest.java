package io.sqsmega.modulithapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sqsmega.spring.MegaTemplate;
import io.sqsmega.spring.TransactionMode;
import io.sqsmega.spring.autoconfigure.MegaAutoConfiguration;
import io.sqsmega.spring.autoconfigure.MegaModulithAutoConfiguration;
import io.sqsmega.spring.autoconfigure.MegaProperties;
import io.sqsmega.test.EmbeddedSqs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.support.DelegatingEventExternalizer;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * When Spring Modulith's externalized events go out through {@link MegaTemplate}, and when not. Here rather
 * than in the autoconfigure module, whose tests run without Modulith (see its pom).
 */
class MegaModulithAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MegaAutoConfiguration.class, MegaModulithAutoConfiguration.class))
            .withBean(SqsAsyncClient.class, EmbeddedSqs.shared()::newAsyncClient);

    private final ApplicationContextRunner withModulith = runner.withBean(EventExternalizationConfiguration.class,
            () -> EventExternalizationConfiguration.defaults("io.sqsmega").build());

    @Test
    void externalizesThroughTheTemplateWhenModulithsExternalizationIsConfigured() {
        withModulith.run(context -> assertThat(context).hasSingleBean(DelegatingEventExternalizer.class)
                .hasBean("megaEventExternalizer"));
    }

    @Test
    void backsOffWithoutModulithsConfigurationOrItsClassesOrWhenTurnedOff() {
        runner.run(context -> assertThat(context).doesNotHaveBean(DelegatingEventExternalizer.class));
        withModulith.withPropertyValues("mega.modulith.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DelegatingEventExternalizer.class));
        withModulith.withPropertyValues("spring.modulith.events.externalization.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DelegatingEventExternalizer.class));
        withModulith.withClassLoader(new FilteredClassLoader(DelegatingEventExternalizer.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("megaEventExternalizer"));
    }

    @Test
    void theTransactionModeDefaultsToAfterCommitAndBindsFromProperties() {
        runner.run(context -> assertThat(context.getBean(MegaProperties.class).publish().transactional())
                .isEqualTo(TransactionMode.AFTER_COMMIT));
        runner.withPropertyValues("mega.publish.transactional=immediate")
                .run(context -> assertThat(context.getBean(MegaProperties.class).publish().transactional())
                        .isEqualTo(TransactionMode.IMMEDIATE));
    }
}
