package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.config.AgentConfig;
import org.touchstone.agent.config.ConfigLoader;
import org.touchstone.agent.config.DataDirectory;

/**
 * The evidence is the agent user's alone, whatever the umask (this JVM's is the machine's, 022 here): the data
 * directory 0700, the journal, its WAL and shared memory, the alert file and the checkpoint key 0600; files an
 * earlier version left readable are narrowed at start. A data directory that cannot be made is one line.
 */
class PrivateFilesTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theAgentsFiles_are0600_inA0700Folder() throws Exception {
        OfflineAgent post = new OfflineAgent(dir, List.of());
        try (Agent agent = post.agent) {
            Path file = Files.writeString(dir.resolve("d.json"), """
                    {"declarationId": "P-1", "items": [{"itemId": "1", "hsCode": "7108.12", "form": "bar", "metal": "Au",
                      "fineness": 999.9, "netMass": {"value": 1000.0, "unit": "g"}}]}""");
            agent.submitDeclaration(file).get(10, TimeUnit.SECONDS);
            agent.setActiveItem("P-1", "1").get(10, TimeUnit.SECONDS);
            post.weigh("990.00"); // RED: an alert is written to alerts.jsonl
            agent.onDesk(() -> { }).get(10, TimeUnit.SECONDS);
            Path data = dir.resolve("data");
            assertEquals("rwx------", mode(data));
            for (String name : List.of("journal.db", "journal.db-wal", "journal.db-shm", "alerts.jsonl",
                    "checkpoint.key", DataDirectory.LOCK_FILE)) {
                Path p = data.resolve(name);
                assertTrue(Files.exists(p), name + " exists");
                assertEquals("rw-------", mode(p), name);
            }
            assertTrue(Files.size(data.resolve("alerts.jsonl")) > 0, "the alert was written");
        }
    }

    @Test
    void filesAnEarlierVersionLeftReadable_areNarrowedAtStart() throws Exception {
        new OfflineAgent(dir, List.of()).agent.close();
        Path data = dir.resolve("data");
        for (String name : List.of("journal.db", "alerts.jsonl", "checkpoint.key")) {
            Files.setPosixFilePermissions(data.resolve(name), PosixFilePermissions.fromString("rw-r--r--"));
        }
        new OfflineAgent(dir, List.of()).agent.close();
        for (String name : List.of("journal.db", "alerts.jsonl", "checkpoint.key")) {
            assertEquals("rw-------", mode(data.resolve(name)), name);
        }
    }

    @Test
    void aDataDirectoryThatCannotBeMade_isOneLineNamingIt() throws Exception {
        // /proc is read-only for everyone, root included (these tests may run as root, for whom modes do not count).
        AgentConfig config = new ConfigLoader().parse("""
                post: {id: p}
                mqtt: {url: "tcp://127.0.0.1:1"}
                dataDirectory: /proc/touchstone-data
                """, "p.yaml");
        Agent agent = new Agent(new ConfigLoader.Loaded(config, dir), Clock.systemUTC(), (c, ctx) -> List.of(),
                List.of());
        DataDirectory.DataDirectoryException e = assertThrows(DataDirectory.DataDirectoryException.class, agent::start);
        assertTrue(e.getMessage().startsWith("dataDirectory /proc/touchstone-data: cannot create it ("),
                e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
        agent.close();
    }
}
