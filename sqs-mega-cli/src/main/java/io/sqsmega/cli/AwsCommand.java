package io.sqsmega.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sqsmega.json.MegaJson;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What every command that talks to AWS shares: the AWS options, {@code --output}, the clients and
 * the printing of results (tables for people, one JSON object per line for scripts).
 */
abstract class AwsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws;

    @Mixin
    OutputOptions output;

    final Clients clients;

    AwsCommand(Clients clients) {
        this.clients = clients;
    }

    @Override
    public final Integer call() throws Exception {
        try (SqsClient sqs = clients.sqs(aws)) {
            int status = run(sqs);
            out().flush();
            return status;
        }
    }

    /**
     * Runs the command.
     *
     * @param sqs the SQS client
     * @return the exit status
     */
    abstract int run(SqsClient sqs) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints one JSON object on one line. */
    void printJson(Map<String, ?> line) {
        try {
            out().println(DecodeCommand.escapeLoneSurrogates(MegaJson.mapper().writeValueAsString(line)));
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot write " + line.keySet() + " as JSON", ex);
        }
    }

    /**
     * Prints the id of each message sent, and on standard error why each other one was not.
     *
     * @return how many were not sent
     */
    int printSent(java.util.List<String> ids, java.util.List<String> errors) {
        int failed = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null) {
                failed++;
                err().println("Message " + (i + 1) + " was not sent: " + errors.get(i));
            }
            else if (output.json()) {
                printJson(Map.of("messageId", ids.get(i)));
            }
            else {
                out().println(ids.get(i));
            }
        }
        return failed;
    }

    static String json(Object value) {
        try {
            return DecodeCommand.escapeLoneSurrogates(MegaJson.mapper().writeValueAsString(value));
        }
        catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot write a value as JSON", ex);
        }
    }
}
