package org.touchstone.hq;

import java.nio.file.Path;
import java.time.Clock;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.hq.chain.ChainKeys;
import org.touchstone.hq.config.HqConfig;
import org.touchstone.hq.config.HqConfigLoader;
import org.touchstone.hq.ingest.Ingestor;
import org.touchstone.hq.ingest.PostMessageReader;
import org.touchstone.hq.store.Database;
import org.touchstone.hq.store.MessageStore;

/** One running headquarters instance: its database pool (schema migrated at start) and its ingestion. */
public final class Headquarters implements AutoCloseable {

    private final HqConfig config;
    private final Database database;
    private final Ingestor ingestor;

    private Headquarters(HqConfig config, Database database, Ingestor ingestor) {
        this.config = config;
        this.database = database;
        this.ingestor = ingestor;
    }

    /** Opens the database (migrating it) and starts reading from the broker. */
    public static Headquarters start(HqConfigLoader.Loaded loaded, Ingestor.Observer observer, Clock clock) {
        HqConfig config = loaded.config();
        Database database = Database.open(config.database(), "hq-" + config.instanceId());
        try {
            Path keys = config.chain().keysDirectory() == null ? null : loaded.resolve(config.chain().keysDirectory());
            MessageStore store = new MessageStore(database.dataSource(), config.instanceId(), new ChainKeys(keys));
            MqttSettings broker = brokerSettings(loaded);
            Ingestor ingestor = new Ingestor(new Ingestor.Settings(broker, config.shareGroup(),
                    config.ingest().maxBatch(), config.ingest().queueCapacity()),
                    new PostMessageReader(config.topicRoot()), store, observer, clock);
            ingestor.start();
            return new Headquarters(config, database, ingestor);
        } catch (RuntimeException e) {
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

    @Override
    public void close() {
        ingestor.close();
        database.close();
    }
}
