package org.touchstone.security;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.touchstone.agent.Agent;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.devices.DeviceContext;
import org.touchstone.agent.report.AgentEvents;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.PasswordHasher;
import org.touchstone.agent.security.Role;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.WeightUnit;
import org.touchstone.drivers.transport.mqtt.MqttConnection;
import org.touchstone.drivers.transport.mqtt.MqttSettings;
import org.touchstone.sim.broker.ExternalTools;
import org.touchstone.sim.broker.MosquittoProcess;

/**
 * Post post-17 as {@code config/mosquitto/post.acl} ships it: a real Mosquitto with that ACL copied unchanged and a
 * password file made with {@code mosquitto_passwd}, and a real agent logged in as {@code agent-post-17} with three
 * officers (insp-1 inspector, sup-1 supervisor, tech-1 technician). The test hands scale readings in through the
 * agent's device context (no serial port needed for what these tests are about).
 */
final class AclPost implements AutoCloseable {

    static final Path SHIPPED_ACL = Path.of("..", "config", "mosquitto", "post.acl");
    static final String POST = "post-17";
    static final String AGENT_USER = "agent-post-17";
    /** Every user's broker password, by user name. */
    static final Map<String, String> PASSWORDS = Map.of(AGENT_USER, "agent-secret-17", "insp-1", "insp-1-secret",
            "sup-1", "sup-1-secret", "tech-1", "tech-1-secret", "hq", "hq-secret",
            "instruments-post-17", "instruments-secret");

    final Path dir;
    final MosquittoProcess broker;
    final Agent agent;
    final Path configFile;
    private final AtomicReference<DeviceContext> devices = new AtomicReference<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    AclPost(Path dir, List<AgentEvents> sinks) throws Exception {
        ExternalTools.require("mosquitto", "mosquitto_passwd");
        this.dir = dir;
        Path passwd = dir.resolve("post.passwd");
        boolean first = true;
        for (var e : PASSWORDS.entrySet()) {
            List<String> cmd = new ArrayList<>(List.of(ExternalTools.find("mosquitto_passwd").orElseThrow().toString()));
            if (first) {
                cmd.add("-c");
            }
            cmd.addAll(List.of("-b", passwd.toString(), e.getKey(), e.getValue()));
            ExternalTools.run(dir, cmd.toArray(String[]::new));
            first = false;
        }
        Path acl = dir.resolve("post.acl");
        Files.copy(SHIPPED_ACL, acl);
        broker = MosquittoProcess.in(dir.resolve("broker")).passwordFile(passwd)
                .configuration("acl_file " + acl.toAbsolutePath()).start();
        open.add(broker);
        String yaml = """
                post: {id: %s}
                mqtt: {url: "%s", username: %s, password: %s}
                scales:
                  - {id: scale-1, serial: {path: /dev/null}, accuracyClass: II, verificationIntervalGrams: 0.1, capacityGrams: 6200}
                xrfAnalyzers:
                  - {id: xrf-1}
                assessment:
                  requireTrustedDevices: false   # these tests are about identity, not calibration
                dataDirectory: data
                """.formatted(POST, broker.url(), AGENT_USER, PASSWORDS.get(AGENT_USER));
        configFile = dir.resolve("touchstone.yaml");
        Files.writeString(configFile, yaml);
        AgentConfig config = new ConfigLoader().parse(yaml, configFile.toString());
        agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), (cfg, ctx) -> {
            devices.set(ctx);
            return List.of();
        }, sinks);
        String hash = new PasswordHasher().hash("console-password".toCharArray());
        agent.useOfficers(OfficerBook.of(List.of(
                new Officer("insp-1", "Inspector One", Set.of(Role.INSPECTOR), hash),
                new Officer("sup-1", "Supervisor One", Set.of(Role.SUPERVISOR), hash),
                new Officer("tech-1", "Technician One", Set.of(Role.TECHNICIAN), hash))));
        agent.start();
        open.add(0, agent);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!agent.mqttConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent did not connect to " + broker.url() + ": " + broker.log());
            }
            Thread.sleep(20);
        }
    }

    /** A client logged in as {@code user} with that user's password, connected; closed with the post. */
    MqttConnection client(String user) throws InterruptedException {
        return client(user, PASSWORDS.get(user));
    }

    MqttConnection client(String user, String password) throws InterruptedException {
        MqttConnection c = new MqttConnection(MqttSettings.anonymous(broker.url(), "test-" + user + "-" + System.nanoTime())
                .withCredentials(user, password), null);
        open.add(0, c);
        return c;
    }

    /** A stable reading on scale-1, as its driver would hand it in. */
    void weigh(String grams) {
        devices.get().readings().accept(new WeightReading("scale-1", new BigDecimal(grams), WeightUnit.G, true,
                Instant.now(), null, "S S " + grams + " g"));
    }

    /** The officer's password in a 0600 file, for {@code --password-file}. */
    Path passwordFile(String officer) throws Exception {
        Path f = dir.resolve(officer + ".password");
        Files.writeString(f, PASSWORDS.get(officer) + "\n");
        return f;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
