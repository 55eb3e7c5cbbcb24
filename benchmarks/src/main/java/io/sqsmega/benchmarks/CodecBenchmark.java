package io.sqsmega.benchmarks;

import io.sqsmega.codec.BodyDecoder;
import io.sqsmega.codec.DecodeResult;
import io.sqsmega.codec.EncodedBody;
import io.sqsmega.codec.Encoding;
import io.sqsmega.codec.PayloadEncoder;
import io.sqsmega.codec.PayloadFormat;
import io.sqsmega.event.MegaEvent;
import io.sqsmega.json.MegaJson;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bson.BsonBinaryReader;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.DecoderContext;
import java.util.Map;
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

/**
 * Decode and encode of a ~1 KB MEGA event, in JSON and in BSON-in-Base64.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CodecBenchmark</pre>
 * The wire sizes are printed once per fork (stderr) by the setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    @Param({"JSON", "BSON"})
    public Encoding encoding;

    private final BodyDecoder decoder = BodyDecoder.create();
    private final PayloadEncoder encoder = PayloadEncoder.create();
    private MegaEvent event;
    private String body;
    private Map<String, String> attributes;

    @Setup
    public void setUp() {
        event = SampleEvents.cartEvent("item.added", 5);
        EncodedBody encoded = encoder.encode(event, encoding);
        body = encoded.body();
        attributes = Map.of(PayloadFormat.ATTRIBUTE, encoded.attributeValue());
        if (!(decoder.decode(body) instanceof DecodeResult.Decoded)) {
            throw new IllegalStateException("the sample does not decode");
        }
        System.err.printf("%n[wire] %s body: %d bytes%n", encoding, body.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Sniffing decode, as for a body without the mega-payload attribute. */
    @Benchmark
    public DecodeResult decode() {
        return decoder.decode(body);
    }

    /** Decode guided by the mega-payload attribute, as for bodies our publishers wrote. */
    @Benchmark
    public DecodeResult decodeWithAttribute() {
        return decoder.decode(body, attributes);
    }

    /**
     * Baseline: the bare libraries' parse of the same body (Jackson to a Map; Base64 then the BSON
     * codec to a BsonDocument), to show what the protocol layer adds.
     */
    @Benchmark
    public Object baselineLibraryParse() throws Exception {
        if (encoding == Encoding.JSON) {
            return MegaJson.mapper().readValue(body, Object.class);
        }
        return new BsonDocumentCodec().decode(new BsonBinaryReader(ByteBuffer.wrap(Base64.getDecoder().decode(body))),
                DecoderContext.builder().build());
    }

    @Benchmark
    public EncodedBody encode() {
        return encoder.encode(event, encoding);
    }
}
