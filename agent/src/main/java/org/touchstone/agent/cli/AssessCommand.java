package org.touchstone.agent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.touchstone.agent.Json;
import org.touchstone.agent.alert.VerdictText;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigException;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import org.touchstone.agent.replay.RecordedReadings;
import org.touchstone.agent.replay.Replay;
import org.touchstone.drivers.protocol.MalformedInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code touchstone assess}: a recorded inspection assessed offline by the live agent's engine. */
@Command(name = "assess", mixinStandardHelpOptions = true,
        description = {"Assess a recorded inspection offline: a declaration and its readings (JSON lines).",
                "Exit 0 whatever the lane; 2 when an input cannot be read."})
public final class AssessCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { json, text }

    @Option(names = "--declaration", required = true, description = "Declaration (JSON).")
    Path declaration;

    @Option(names = "--readings", required = true, description = "Readings, one JSON object per line.")
    Path readings;

    @Option(names = "--format", defaultValue = "text", description = "json or text (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-c", "--config"}, defaultValue = "${env:TOUCHSTONE_HOME:-.}/config/touchstone.yaml",
            description = "Configuration giving the assessment policy and the scales' metrology (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        AgentConfig cfg;
        Declaration d;
        List<RecordedReadings.Line> lines;
        try {
            cfg = new ConfigLoader().load(config).config();
            d = new DeclarationReader().read(declaration);
            lines = new RecordedReadings().read(readings, Instant.EPOCH);
        } catch (ConfigException | MalformedInputException | DeclarationRejectedException e) {
            err.println("touchstone assess: " + e.getMessage());
            return ExitCode.USAGE;
        }
        Map<String, ScaleMetrology> scales = new LinkedHashMap<>();
        cfg.scales().forEach(s -> scales.put(s.id(), s.metrology()));
        Replay.Result result = new Replay(cfg.assessment(), scales).run(d, lines);
        if (format == Format.json) {
            var json = Json.mapper();
            ObjectNode node = json.valueToTree(result.verdict());
            node.set("unbound", json.valueToTree(result.unbound()));
            out.println(node.toPrettyString());
        } else {
            out.println(d.declarationId() + ": " + result.verdict().lane() + " - "
                    + VerdictText.summary(result.verdict()));
            VerdictText.details(result.verdict()).forEach(l -> out.println("  " + l));
            result.unbound().forEach(u -> out.println("  unbound reading: " + u));
        }
        return ExitCode.OK;
    }
}
