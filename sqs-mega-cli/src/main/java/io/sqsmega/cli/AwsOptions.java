package io.sqsmega.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * The AWS settings every command that talks to AWS takes, as the AWS CLI takes them: without
 * options the SDK's default chains apply ({@code AWS_PROFILE}, {@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL}, {@code ~/.aws/config} and {@code ~/.aws/credentials}, instance roles).
 */
final class AwsOptions {

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The profile of ~/.aws/config and ~/.aws/credentials to use (default: AWS_PROFILE or 'default').")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The AWS region (default: AWS_REGION or the profile's region).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Talk to this endpoint instead of AWS's, e.g. http://localhost:9324 for ElasticMQ "
                    + "(default: AWS_ENDPOINT_URL when set).")
    URI endpoint;

    @Option(names = "--s3-endpoint-url", paramLabel = "URL",
            description = "Read offloaded bodies (--fetch-payload) from this S3 endpoint, with path-style access "
                    + "(default: --endpoint-url, else AWS's).")
    URI s3Endpoint;

    /** @return where requests go, for error messages */
    String where() {
        return (endpoint != null ? " at " + endpoint : "") + (region != null ? " in " + region : "");
    }
}
