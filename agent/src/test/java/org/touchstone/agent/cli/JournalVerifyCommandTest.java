package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.Json;
import org.touchstone.agent.ChainCheckpoints;
import org.touchstone.agent.journal.CheckpointKey;
import org.touchstone.agent.journal.SqliteJournal;
import org.touchstone.agent.journal.schema.AgentStarted;
import org.touchstone.agent.journal.schema.AgentStopped;

/**
 * {@code touchstone journal verify} as a technician runs it: read-only, refusing files that are not journals with
 * exit 2 (never "intact", never writing a schema into them), and checking against a head given as JSON or a file.
 */
class JournalVerifyCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int verify(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "journal";
        all[1] = "verify";
        System.arraycopy(args, 0, all, 2, args.length);
        return TouchstoneCli.commandLine().execute(all);
    }

    @Test
    void anEmptyFile_isNotAJournal_exit2_andStaysEmpty() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertEquals(ExitCode.USAGE, verify("--journal", empty.toString()));
        assertTrue(err.toString().contains("is not a Touchstone journal"), err.toString());
        assertEquals(0, Files.size(empty), "no schema was written into it");
        assertTrue(!out.toString().contains("intact"), out.toString());
    }

    @Test
    void anotherProgramsSqliteFile_isNotAJournal_exit2_andIsUnchanged() throws Exception {
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE recipes(name TEXT)");
            s.execute("INSERT INTO recipes VALUES ('bread')");
        }
        byte[] before = Files.readAllBytes(other);
        assertEquals(ExitCode.USAGE, verify("--journal", other.toString()));
        assertTrue(err.toString().contains("is not a Touchstone journal (it has no journal and no outbox table"),
                err.toString());
        assertArrayEquals(before, Files.readAllBytes(other));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE name = 'journal'")) {
            assertEquals(0, rs.getLong(1));
        }
    }

    @Test
    void aFileThatIsNotSqlite_isNotAJournal_exit2() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.db"), "just some text, long enough to be read as a header "
                + "by SQLite and refused: ".repeat(4));
        assertEquals(ExitCode.USAGE, verify("--journal", text.toString()));
        assertTrue(err.toString().contains("is not a Touchstone journal (not an SQLite database)"), err.toString());
    }

    @Test
    void aMissingFile_exit2() {
        assertEquals(ExitCode.USAGE, verify("--journal", dir.resolve("nope.db").toString()));
        assertTrue(err.toString().contains("no journal at"), err.toString());
        assertTrue(!Files.exists(dir.resolve("nope.db")), "verify does not create a journal");
    }

    @Test
    void withTheKeyBesideIt_andAHeadAsJsonOrFile_intact_thenCut() throws Exception {
        Path file = dir.resolve("journal.db");
        CheckpointKey key = CheckpointKey.readOrCreate(dir.resolve("checkpoint.key"));
        try (SqliteJournal j = new SqliteJournal(file, Json.mapper(), Clock.systemUTC(), "p")) {
            ChainCheckpoints checkpoints = new ChainCheckpoints(j, Json.mapper(), "p", "touchstone/p/chain/head", key,
                    Clock.systemUTC());
            j.append(new AgentStarted("p", 0));
            checkpoints.checkpoint();
            j.append(new AgentStopped("p", 0));
            checkpoints.checkpoint();
        }
        String head;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload FROM outbox ORDER BY id DESC LIMIT 1")) {
            head = new String(rs.getBytes(1), StandardCharsets.UTF_8);
        }
        assertEquals(ExitCode.OK, verify("--journal", file.toString(), "--head", head), err.toString());
        assertTrue(out.toString().contains("4 record(s) verified") && out.toString().contains("2 checkpoint(s) carry "
                + "the key's MAC") && out.toString().contains("the ones headquarters saw"), out.toString());
        Path headFile = Files.writeString(dir.resolve("head.json"), head);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM journal WHERE seq >= 3");
            s.executeUpdate("DELETE FROM outbox WHERE journal_seq >= 3");
        }
        out.reset();
        assertEquals(ExitCode.FAILED, verify("--journal", file.toString(), "--head", headFile.toString()));
        assertTrue(out.toString().contains("BROKEN at record 3") && out.toString().contains("cut from its end"),
                out.toString());
    }

    @Test
    void aBadHead_exit2NamingIt() throws Exception {
        Path file = dir.resolve("journal.db");
        try (SqliteJournal j = new SqliteJournal(file, Json.mapper(), Clock.systemUTC())) {
            j.append(new AgentStarted("p", 0));
        }
        assertEquals(ExitCode.USAGE, verify("--journal", file.toString(), "--head", "{\"postId\":\"p\",\"seq\":1}"));
        assertTrue(err.toString().contains("the head needs postId, seq (>= 1) and hash"), err.toString());
        assertEquals(ExitCode.USAGE, verify("--journal", file.toString(), "--head", dir.resolve("none.json").toString()));
        assertTrue(err.toString().contains("none.json: cannot read it (no such file)"), err.toString());
        assertEquals(ExitCode.USAGE, verify("--journal", file.toString(), "--key", dir.resolve("no.key").toString()));
        assertTrue(err.toString().contains("no.key: no such file"), err.toString());
    }
}
