package org.touchstone.agent.risk;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.agent.assessment.Selectivity;
import org.touchstone.agent.declaration.Declaration;

/**
 * The risk profile a post applies: the highest version of headquarters' retained profile it has received and
 * found valid, kept in the data directory ({@code risk-profile.json}) so that a restart without the broker
 * applies it too. A bad profile is refused whole and the last good one stays; a post that never received one
 * applies none and decides as it always did. Thread-safe: the MQTT thread offers, the desk thread reads.
 */
public final class RiskProfiles {

    private static final Logger log = LoggerFactory.getLogger(RiskProfiles.class);

    /** What became of a profile offered. */
    public sealed interface Outcome {
        /** Applied from now on to every inspection that opens. */
        record Applied(RiskProfile profile, Long replaced) implements Outcome {
        }

        /** The same version again (a retained message redelivered on reconnect). */
        record Unchanged(long version) implements Outcome {
        }

        /** Refused: malformed, or older than the one held; the post keeps what it had. The reason omits the source. */
        record Refused(String reason) implements Outcome {
        }
    }

    private final RiskProfileParser parser;
    private final Path file;
    private final String postId;
    private volatile RiskProfile current;

    /**
     * @param file where the last good profile is kept (null: memory only)
     */
    public RiskProfiles(RiskProfileParser parser, Path file, String postId) {
        this.parser = parser;
        this.file = file;
        this.postId = postId;
        this.current = load();
    }

    public Optional<RiskProfile> current() {
        return Optional.ofNullable(current);
    }

    /** The rules the current profile applies to a declaration opening now (none without a profile). */
    public List<Selectivity> rulesFor(Declaration declaration) {
        RiskProfile p = current;
        return p == null ? List.of() : p.rulesFor(declaration, postId);
    }

    /** A message received on the risk-profile topic. */
    public synchronized Outcome offer(byte[] payload, String source) {
        RiskProfile p;
        try {
            p = parser.parse(payload, source);
        } catch (RiskProfileRefusedException e) {
            String m = e.getMessage();
            return new Outcome.Refused((m.startsWith(source + ": ") ? m.substring(source.length() + 2) : m) + keeping());
        }
        RiskProfile held = current;
        if (held != null && p.version() == held.version()) {
            return new Outcome.Unchanged(p.version());
        }
        if (held != null && p.version() < held.version()) {
            return new Outcome.Refused("risk profile version " + p.version() + " refused: older than version "
                    + held.version() + ", which this post applies" + keeping());
        }
        save(payload);
        current = p;
        return new Outcome.Applied(p, held == null ? null : held.version());
    }

    private String keeping() {
        RiskProfile held = current;
        return held == null ? "; the post applies no risk profile" : "; the post keeps version " + held.version();
    }

    private RiskProfile load() {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            RiskProfile p = parser.parse(Files.readAllBytes(file), file.toString());
            log.info("risk profile version {} kept from {} ({} rule(s))", p.version(), file, p.rules().size());
            return p;
        } catch (IOException | RiskProfileRefusedException e) {
            log.warn("{}; starting without a risk profile until headquarters' arrives", e.getMessage());
            return null;
        }
    }

    private void save(byte[] payload) {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, payload);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot keep the risk profile in {}: {}; it applies until the agent stops", file, e.getMessage());
        }
    }
}
