package io.sqsmega.cli;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Makes the SQS and SNS clients a command uses. The CLI builds real ones from {@link AwsOptions};
 * tests may wrap them (to stop a command between two requests, as a killed process would).
 */
interface Clients {

    /**
     * @param options the command's AWS options
     * @return an SQS client; the command closes it
     */
    SqsClient sqs(AwsOptions options);

    /**
     * @param options the command's AWS options
     * @return an SNS client; the command closes it
     */
    SnsClient sns(AwsOptions options);

    /**
     * @param options the command's AWS options
     * @return an S3 client (path-style access when an endpoint is given); the command closes it
     */
    default S3Client s3(AwsOptions options) {
        return AWS.s3(options);
    }

    /** The clients of the AWS SDK, configured like the AWS CLI's. */
    Clients AWS = new Clients() {
        @Override
        public SqsClient sqs(AwsOptions options) {
            return configure(SqsClient.builder(), options).build();
        }

        @Override
        public SnsClient sns(AwsOptions options) {
            return configure(SnsClient.builder(), options).build();
        }

        @Override
        public S3Client s3(AwsOptions options) {
            S3ClientBuilder builder = configure(S3Client.builder(), options);
            java.net.URI endpoint = options.s3Endpoint != null ? options.s3Endpoint : options.endpoint;
            if (endpoint != null) {
                builder.endpointOverride(endpoint).forcePathStyle(true);
            }
            return builder.build();
        }

        private <B extends AwsClientBuilder<B, ?>> B configure(B builder, AwsOptions options) {
            if (options.profile != null) {
                // The profile then gives both the credentials and, unless --region says otherwise, the region.
                builder.overrideConfiguration(c -> c.defaultProfileName(options.profile));
            }
            if (options.region != null) {
                builder.region(Region.of(options.region));
            }
            if (options.endpoint != null) {
                builder.endpointOverride(options.endpoint);
            }
            return builder;
        }
    };
}
