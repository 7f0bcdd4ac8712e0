package org.touchstone.hq.cli;

import java.util.concurrent.Callable;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code touchstone hq migrate}: brings the database schema to this version (hq run does it too, at start). */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create or upgrade the headquarters schema in PostgreSQL (Flyway), then exit.")
public final class HqMigrateCommand implements Callable<Integer> {

    @Mixin
    HqCommand.ConfigOption config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HqConfigLoader.Loaded loaded = config.load(spec.commandLine().getErr());
        if (loaded == null) {
            return 2;
        }
        try (Database db = Database.open(loaded.config().database(), "hq-migrate")) {
            spec.commandLine().getOut().println("touchstone hq: schema of " + loaded.config().database().url()
                    + " is current");
            return 0;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("touchstone hq: database " + loaded.config().database().url() + ": "
                    + rootMessage(e));
            return 3;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
