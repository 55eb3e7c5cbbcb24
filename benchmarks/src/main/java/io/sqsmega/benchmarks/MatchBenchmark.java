package io.sqsmega.benchmarks;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.PayloadKind;
import io.sqsmega.dispatch.Dispatcher;
import io.sqsmega.dispatch.Subscription;
import io.sqsmega.match.MatchCompiler;
import io.sqsmega.match.MatchInput;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.event.ruler.GenericMachine;

/**
 * JSON string in, matching subscribers out: SQS MEGA (decode + indexed dispatch of compiled
 * expressions) against AWS Event Ruler ({@code GenericMachine.rulesForJSONEvent}) on equivalent
 * rules and the same ~1 KB MEGA events.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MatchBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
public class MatchBenchmark {

    @Param({"10", "1000", "100000"})
    public int subscriptions;

    @Param({"EQUALS_AND_NUMERIC", "IN_RANGE_PREFIX"})
    public RuleSets.Shape shape;

    private final BodyDecoder decoder = BodyDecoder.create();
    private Dispatcher<String> dispatcher;
    private GenericMachine<String> machine;
    private String[] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        List<RuleSets.Rule> rules = RuleSets.rules(shape, subscriptions);
        MatchCompiler compiler = MatchCompiler.create();
        List<Subscription<String>> compiled = new ArrayList<>(rules.size());
        machine = GenericMachine.<String>builder().build();
        for (RuleSets.Rule rule : rules) {
            compiled.add(new Subscription<>(compiler.compile(rule.expression(), PayloadKind.MEGA), rule.id()));
            machine.addRule(rule.id(), rule.eventRulerPattern());
        }
        dispatcher = Dispatcher.of(compiled);
        events = RuleSets.events(subscriptions, 1024, 42);
        // Both must agree on every event, or the comparison means nothing.
        for (String event : events) {
            List<String> ours = sqsMega(event);
            List<String> theirs = machine.rulesForJSONEvent(event);
            if (!new java.util.HashSet<>(ours).equals(new java.util.HashSet<>(theirs))) {
                throw new IllegalStateException("SQS MEGA matched " + ours + " but Event Ruler " + theirs);
            }
        }
    }

    private List<String> sqsMega(String body) {
        DecodeResult result = decoder.decode(body);
        return dispatcher.dispatch(MatchInput.of(((DecodeResult.Decoded) result).payload())).matched();
    }

    @Benchmark
    public List<String> sqsMega() {
        return sqsMega(events[next++ & 1023]);
    }

    @Benchmark
    public List<String> eventRuler() throws Exception {
        return machine.rulesForJSONEvent(events[next++ & 1023]);
    }
}
