package io.sqsmega.benchmarks;

import io.sqsmega.codec.PayloadKind;
import io.sqsmega.dispatch.Dispatcher;
import io.sqsmega.dispatch.Subscription;
import io.sqsmega.match.MatchCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Start-up cost: compiling 100,000 expressions and building the dispatcher, against adding the
 * same rules to an Event Ruler machine. One operation is the whole set.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CompileBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
public class CompileBenchmark {

    @Param({"100000"})
    public int subscriptions;

    @Param({"EQUALS_AND_NUMERIC"})
    public RuleSets.Shape shape;

    private List<RuleSets.Rule> rules;

    @Setup
    public void setUp() {
        rules = RuleSets.rules(shape, subscriptions);
    }

    @Benchmark
    public Dispatcher<String> sqsMegaCompileAndIndex() {
        MatchCompiler compiler = MatchCompiler.create();
        List<Subscription<String>> compiled = new ArrayList<>(rules.size());
        for (RuleSets.Rule rule : rules) {
            compiled.add(new Subscription<>(compiler.compile(rule.expression(), PayloadKind.MEGA), rule.id()));
        }
        return Dispatcher.of(compiled);
    }

    @Benchmark
    public GenericMachine<String> eventRulerAddRules() throws Exception {
        GenericMachine<String> machine = GenericMachine.<String>builder().build();
        for (RuleSets.Rule rule : rules) {
            machine.addRule(rule.id(), rule.eventRulerPattern());
        }
        return machine;
    }
}
