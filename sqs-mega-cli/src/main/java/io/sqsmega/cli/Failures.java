package io.sqsmega.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import picocli.CommandLine;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what a command threw into one line a person can act on (what failed and how to fix it),
 * never a stack trace: exit status 1, or a {@link CliException}'s own.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        commandLine.getErr().println("sqs-mega " + commandLine.getCommandName() + ": " + describe(ex));
        commandLine.getErr().flush();
        return ex instanceof CliException cli ? cli.exitCode() : 1;
    }

    static String describe(Throwable ex) {
        if (ex instanceof CliException) {
            return ex.getMessage();
        }
        if (ex instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().serviceName() + " refused the request: " + aws.awsErrorDetails().errorCode()
                    + ": " + aws.awsErrorDetails().errorMessage() + hint(aws.awsErrorDetails().errorCode());
        }
        if (ex instanceof SdkClientException) {
            String message = String.valueOf(ex.getMessage());
            if (message.contains("Unable to load region")) {
                return "no AWS region: pass --region, set AWS_REGION, or give your profile a region";
            }
            if (message.contains("Unable to load credentials")) {
                return "no AWS credentials: pass --profile, set AWS_PROFILE or AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY, or run where an instance or task role applies";
            }
            for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                    return "cannot reach the endpoint (" + cause.getMessage() + "): check --endpoint-url, "
                            + "AWS_ENDPOINT_URL and --region, and that the service runs";
                }
            }
            return message;
        }
        return ex.getClass().getSimpleName() + ": " + ex.getMessage();
    }

    private static String hint(String code) {
        return switch (String.valueOf(code)) {
            case "AccessDenied", "AccessDeniedException" -> " (the credentials in use lack this permission)";
            case "PurgeQueueInProgress" -> " (SQS allows one purge per queue per 60 seconds)";
            case "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch" ->
                " (check the credentials and the profile)";
            default -> "";
        };
    }
}
