package io.sqsmega.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sqs-mega} command: {@code java -jar sqs-mega.jar <command> ...}. Exit status 0 when
 * a result was printed, 2 for usage errors (with a message on standard error).
 */
@Command(name = "sqs-mega", mixinStandardHelpOptions = true, versionProvider = SqsMegaCli.Version.class,
        description = {"Reads SQS MEGA message bodies (JSON, BSON-in-Base64, SNS envelopes, text, binary), tries match",
            "expressions on them, and operates queues: list, peek, publish, redrive dead letters, dump, load, purge.",
            "AWS settings come as the AWS CLI takes them (--profile, --region, --endpoint-url, AWS_* variables).",
            "Exit status: 0 done, 1 failed (the reason on standard error), 2 usage error, 3 peek stopped."},
        subcommands = {DecodeCommand.class, MatchCommand.class, QueuesCommand.class, PeekCommand.class,
            PublishCommand.class, RedriveCommand.class, DumpCommand.class, LoadCommand.class, PurgeCommand.class})
public final class SqsMegaCli implements Runnable {

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the command with explicit streams (the entry point tests use).
     *
     * @param args the arguments
     * @param in standard input
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, Clients.AWS);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Clients clients) {
        CommandLine commandLine = new CommandLine(new SqsMegaCli(), new CommandFactory(in, clients));
        commandLine.setExecutionExceptionHandler(new Failures());
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'decode', 'match', 'queues', "
                + "'peek', 'publish', 'redrive', 'dump', 'load' or 'purge' (--help says more)");
    }

    /** Gives commands the standard input and the AWS clients the caller chose. */
    private record CommandFactory(InputStream in, Clients clients) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Object command = type == DecodeCommand.class ? new DecodeCommand(in)
                    : type == MatchCommand.class ? new MatchCommand(in)
                    : type == QueuesCommand.class ? new QueuesCommand(clients)
                    : type == PeekCommand.class ? new PeekCommand(clients)
                    : type == PublishCommand.class ? new PublishCommand(clients, in)
                    : type == RedriveCommand.class ? new RedriveCommand(clients)
                    : type == DumpCommand.class ? new DumpCommand(clients)
                    : type == LoadCommand.class ? new LoadCommand(clients, in)
                    : type == PurgeCommand.class ? new PurgeCommand(clients, in)
                    : null;
            return command != null ? type.cast(command) : CommandLine.defaultFactory().create(type);
        }
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SqsMegaCli.class.getPackage().getImplementationVersion();
            return new String[] {"sqs-mega " + (version == null ? "(development build)" : version)};
        }
    }
}
