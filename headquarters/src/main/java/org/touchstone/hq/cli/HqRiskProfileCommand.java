package org.touchstone.hq.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.touchstone.hq.Headquarters;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.risk.RiskProfile;
import org.touchstone.hq.risk.RiskProfileException;
import org.touchstone.hq.risk.RiskProfilePublisher;
import org.touchstone.hq.risk.RiskProfileReader;
import org.touchstone.hq.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code touchstone hq risk-profile publish FILE.yaml}: selectivity rules back to every post. */
@Command(name = "risk-profile", mixinStandardHelpOptions = true,
        description = "Risk profiles for the posts (retained on <root>/hq/risk-profiles).",
        subcommands = HqRiskProfileCommand.Publish.class)
public final class HqRiskProfileCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Check a risk profile (every problem named with its line) and publish it, retained, to"
                    + " every post; the version must be above the last one published.")
    static final class Publish implements Callable<Integer> {

        @Mixin
        HqCommand.ConfigOption config;

        @Parameters(index = "0", paramLabel = "FILE.yaml", description = "The profile: version and rules.")
        Path file;

        @Option(names = "--check", description = "Check the file only; publish nothing.")
        boolean check;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            RiskProfile profile;
            try {
                profile = new RiskProfileReader().read(Files.readString(file), file.toString());
            } catch (IOException e) {
                err.println("touchstone hq risk-profile: cannot read " + file + ": " + e.getMessage());
                return 2;
            } catch (RiskProfileException e) {
                err.println("touchstone hq risk-profile: " + e.getMessage());
                return 2;
            }
            if (check) {
                out.println("touchstone hq risk-profile: " + file + " is valid: version " + profile.version() + ", "
                        + profile.rules().size() + " rule(s)");
                return 0;
            }
            HqConfigLoader.Loaded loaded = config.load(err);
            if (loaded == null) {
                return 2;
            }
            try (Database db = Database.open(loaded.config().database(), "hq-risk-profile")) {
                var broker = Headquarters.brokerSettings(loaded);
                RiskProfile.Message m = new RiskProfilePublisher(db.dataSource(),
                        broker.withClientId(broker.clientId() + "-publisher"), loaded.config().topicRoot())
                        .publish(profile, Instant.now());
                out.println("touchstone hq risk-profile: version " + m.version() + " (" + m.rules().size()
                        + " rule(s)) published, retained, on " + RiskProfile.topic(loaded.config().topicRoot())
                        + " as " + m.messageId());
                return 0;
            } catch (RiskProfilePublisher.RefusedException e) {
                err.println("touchstone hq risk-profile: refused: " + e.getMessage());
                return 1;
            } catch (Exception e) {
                err.println("touchstone hq risk-profile: cannot publish: " + HqMigrateCommand.rootMessage(e));
                return 3;
            }
        }
    }
}
