package org.touchstone.hq;

import java.nio.file.Path;
import java.time.Clock;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.OfficersFileException;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.hq.chain.ChainKeys;
import org.touchstone.hq.config.HqConfig;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.ingest.Ingestor;
import org.touchstone.hq.ingest.PostMessageReader;
import org.touchstone.hq.stats.NationalStatistics;
import org.touchstone.hq.store.Database;
import org.touchstone.hq.store.MessageStore;
import org.touchstone.hq.view.HqView;

/** One running headquarters instance: its database pool (schema migrated at start) and its ingestion. */
public final class Headquarters implements AutoCloseable {

    private final HqConfig config;
    private final Database database;
    private final Ingestor ingestor;
    private final HqView view;

    private Headquarters(HqConfig config, Database database, Ingestor ingestor, HqView view) {
        this.config = config;
        this.database = database;
        this.ingestor = ingestor;
        this.view = view;
    }

    /** Opens the database (migrating it) and starts reading from the broker. */
    public static Headquarters start(HqConfigLoader.Loaded loaded, Ingestor.Observer observer, Clock clock) {
        HqConfig config = loaded.config();
        Database database = Database.open(config.database(), "hq-" + config.instanceId());
        HqView view = null;
        try {
            Path keys = config.chain().keysDirectory() == null ? null : loaded.resolve(config.chain().keysDirectory());
            MessageStore store = new MessageStore(database.dataSource(), config.instanceId(), new ChainKeys(keys));
            MqttSettings broker = brokerSettings(loaded);
            view = config.view() == null ? null : HqView.start(config.view(), officers(loaded),
                    new NationalStatistics(database.dataSource()), clock);
            HqView live = view;
            Ingestor.Observer told = live == null ? observer : (batch, outcomes) -> {
                if (observer != null) {
                    observer.committed(batch, outcomes);
                }
                live.changed();
            };
            Ingestor ingestor = new Ingestor(new Ingestor.Settings(broker, config.shareGroup(),
                    config.ingest().maxBatch(), config.ingest().queueCapacity()),
                    new PostMessageReader(config.topicRoot()), store, told, clock);
            ingestor.start();
            return new Headquarters(config, database, ingestor, view);
        } catch (RuntimeException e) {
            if (view != null) {
                view.close();
            }
            database.close();
            throw e;
        }
    }

    /** The central broker's settings under this instance's fixed client id. */
    public static MqttSettings brokerSettings(HqConfigLoader.Loaded loaded) {
        HqConfig config = loaded.config();
        return config.broker().settings("hq", loaded.baseDirectory()).withClientId(config.clientId());
    }

    public HqConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public Ingestor ingestor() {
        return ingestor;
    }

    /** The headquarters view, when the configuration has one. */
    public java.util.Optional<HqView> view() {
        return java.util.Optional.ofNullable(view);
    }

    private static OfficerBook officers(HqConfigLoader.Loaded loaded) {
        java.nio.file.Path file = loaded.resolve(loaded.config().view().officersFile());
        try {
            return OfficerBook.load(file);
        } catch (OfficersFileException e) {
            throw new IllegalArgumentException("view.officersFile: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (view != null) {
            view.close();
        }
        ingestor.close();
        database.close();
    }
}
