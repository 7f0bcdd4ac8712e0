package org.touchstone.drivers.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.touchstone.drivers.protocol.and.AndFormat;
import org.touchstone.drivers.protocol.and.AndScaleProtocol;
import org.touchstone.drivers.protocol.mtsics.MtSicsFormat;
import org.touchstone.drivers.protocol.mtsics.MtSicsScaleProtocol;
import org.touchstone.drivers.protocol.sbi.SbiFormat;
import org.touchstone.drivers.protocol.sbi.SbiScaleProtocol;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.toledo.ToledoFormat;
import org.touchstone.drivers.protocol.toledo.ToledoScaleProtocol;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of each scale parser in frames per second: a buffer of {@link #FRAMES} frames written by the codec
 * writers, fed in 64-byte chunks as a port would deliver them. One op is one frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScaleParserBenchmark {

    static final int FRAMES = 1000;
    private static final int CHUNK = 64;

    @Param({"mt-sics", "sartorius-sbi", "and", "toledo-continuous"})
    public String protocol;

    private byte[] stream;
    private ScaleParser parser;

    @Setup
    public void setUp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < FRAMES; i++) {
            BigDecimal v = BigDecimal.valueOf(100_000 + i, 2);
            byte[] frame = switch (protocol) {
                case "mt-sics" -> MtSicsFormat.weight(i % 2 == 0, v, "g");
                case "sartorius-sbi" -> SbiFormat.weight(v, "g", i % 2 == 0);
                case "and" -> AndFormat.weight(i % 2 == 0 ? "ST" : "US", v, "g");
                default -> ToledoFormat.frame(new ToledoFormat.Frame(100_000 + i, 0, 4, false, false, false,
                        i % 2 == 0, ToledoFormat.Unit.G), true);
            };
            out.writeBytes(frame);
        }
        stream = out.toByteArray();
        parser = switch (protocol) {
            case "mt-sics" -> new MtSicsScaleProtocol().newParser();
            case "sartorius-sbi" -> new SbiScaleProtocol().newParser();
            case "and" -> new AndScaleProtocol().newParser();
            default -> new ToledoScaleProtocol(true).newParser();
        };
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public int parse() {
        int decoded = 0;
        for (int off = 0; off < stream.length; off += CHUNK) {
            decoded += parser.feed(stream, off, Math.min(CHUNK, stream.length - off)).size();
        }
        if (decoded != FRAMES) {
            throw new IllegalStateException(protocol + ": decoded " + decoded + " of " + FRAMES);
        }
        return decoded;
    }
}
