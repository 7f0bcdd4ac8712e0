package org.touchstone.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.OfficersFile;
import org.touchstone.agent.security.Role;
import picocli.CommandLine;

class OfficerCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        OfficerCommand cmd = new OfficerCommand();
        cmd.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(cmd).execute(args);
    }

    @Test
    void add_list_passwd_remove() throws Exception {
        Path f = dir.resolve("officers.yaml");
        assertEquals(0, run("first password\n", "add", "ana", "--name", "Ana Diallo", "--role", "inspector,supervisor",
                "--file", f.toString(), "--password-stdin"), err::toString);
        assertEquals(Set.of(Role.INSPECTOR, Role.SUPERVISOR), OfficersFile.read(f).get(0).roles());
        assertTrue(OfficerBook.load(f).authenticate("ana", "first password".toCharArray()).isPresent());
        assertTrue(!Files.readString(f).contains("first password"), "the password itself is never written");

        assertEquals(1, run("x\n", "add", "ana", "--role", "inspector", "--file", f.toString(), "--password-stdin"));
        assertTrue(err.toString().contains("officer 'ana' exists"), err::toString);

        assertEquals(0, run("second password\n", "passwd", "ana", "--file", f.toString(), "--password-stdin"));
        assertTrue(OfficerBook.load(f).authenticate("ana", "second password".toCharArray()).isPresent());
        assertTrue(OfficerBook.load(f).authenticate("ana", "first password".toCharArray()).isEmpty());

        assertEquals(0, run("", "list", "--file", f.toString()));
        assertTrue(out.toString().contains("ana") && out.toString().contains("Ana Diallo")
                && out.toString().contains("inspector,supervisor"), out::toString);

        assertEquals(1, run("", "passwd", "ben", "--file", f.toString(), "--password-stdin"));
        assertEquals(0, run("", "remove", "ana", "--file", f.toString()));
        assertTrue(OfficersFile.read(f).isEmpty());
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        Path f = dir.resolve("officers.yaml");
        assertEquals(2, run("pw\n", "add", "ana", "--role", "inspector", "--file", f.toString(), "--password-stdin"));
        assertTrue(err.toString().contains("at least 8 characters"), err::toString);
        assertEquals(2, run("long enough\n", "add", "ana", "--role", "boss", "--file", f.toString(), "--password-stdin"));
        assertTrue(err.toString().contains("role must be one of"), err::toString);
        assertEquals(2, run("long enough\n", "add", "a/b", "--role", "inspector", "--file", f.toString(),
                "--password-stdin"));
        assertTrue(err.toString().contains("id must be 1-64"), err::toString);
        assertTrue(!Files.exists(f));
    }
}
