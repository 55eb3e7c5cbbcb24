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
        description = "Reads SQS MEGA message bodies (JSON, BSON-in-Base64, SNS envelopes, text, binary) and "
                + "tries match expressions on them.",
        subcommands = {DecodeCommand.class, MatchCommand.class})
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
        CommandLine commandLine = new CommandLine(new SqsMegaCli(), new StandardInFactory(in));
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'decode' or 'match'");
    }

    /** Gives commands the standard input the caller chose. */
    private record StandardInFactory(InputStream in) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == DecodeCommand.class) {
                return type.cast(new DecodeCommand(in));
            }
            if (type == MatchCommand.class) {
                return type.cast(new MatchCommand(in));
            }
            return CommandLine.defaultFactory().create(type);
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
