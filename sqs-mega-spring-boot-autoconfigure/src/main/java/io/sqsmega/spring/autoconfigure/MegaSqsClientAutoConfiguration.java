package io.sqsmega.spring.autoconfigure;

import io.awspring.cloud.autoconfigure.AwsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.core.AwsClientBuilderConfigurer;
import io.awspring.cloud.autoconfigure.core.AwsConnectionDetails;
import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsProperties;
import io.sqsmega.spring.offload.ExtendedClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The SQS client Spring Cloud AWS 4.1.0 leaves out: with {@code amazon-sqs-java-extended-client-lib}
 * on the classpath it defines its plain {@code SqsAsyncClient} no more, and its extended one only
 * once {@code spring.cloud.aws.sqs.extended.bucket} is set, so an application that added the library
 * before configuring it would not start ("No qualifying bean of type SqsAsyncClient"). This defines
 * the plain client as Spring Cloud AWS would (its settings, connection details and customizers),
 * and says so.
 */
@AutoConfiguration(after = SqsAutoConfiguration.class, before = MegaAutoConfiguration.class)
@ConditionalOnClass(name = ExtendedClients.EXTENDED_CLIENT, value = SqsAsyncClient.class)
@ConditionalOnProperty(prefix = "mega", name = "enabled", matchIfMissing = true)
public class MegaSqsClientAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MegaSqsClientAutoConfiguration.class);

    /**
     * @param configurer Spring Cloud AWS's client settings
     * @param sqs its SQS settings
     * @param connectionDetails its connection details, if any
     * @param sqsCustomizers its SQS client customizers
     * @param customizers its async client customizers
     * @return a plain SQS client, configured as Spring Cloud AWS configures its own
     */
    @Bean
    @ConditionalOnMissingBean(SqsAsyncClient.class)
    @ConditionalOnBean({AwsClientBuilderConfigurer.class, SqsProperties.class})
    public SqsAsyncClient sqsAsyncClient(AwsClientBuilderConfigurer configurer, SqsProperties sqs,
            ObjectProvider<AwsConnectionDetails> connectionDetails, ObjectProvider<SqsAsyncClientCustomizer> sqsCustomizers,
            ObjectProvider<AwsAsyncClientCustomizer> customizers) {
        LOG.info("amazon-sqs-java-extended-client-lib is on the classpath and spring.cloud.aws.sqs.extended.bucket is "
                + "not set, so Spring Cloud AWS defines no SqsAsyncClient: SQS MEGA defines a plain one. Set "
                + "spring.cloud.aws.sqs.extended.bucket (or mega.s3.bucket) to offload large bodies to S3");
        return configurer.configureAsyncClient(SqsAsyncClient.builder(), sqs, connectionDetails.getIfAvailable(),
                sqsCustomizers.orderedStream(), customizers.orderedStream()).build();
    }
}
