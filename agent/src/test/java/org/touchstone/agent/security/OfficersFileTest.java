package org.touchstone.agent.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfficersFileTest {

    private static final String HASH = "pbkdf2-sha256$20000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==";

    @TempDir
    Path dir;

    @Test
    void readsTheContractsShape() throws Exception {
        List<Officer> officers = OfficersFile.parse("""
                officers:
                  - id: ana.diallo
                    name: Ana Diallo
                    roles: [inspector, supervisor]
                    passwordHash: %s
                  - {id: tech-1, roles: [technician], passwordHash: "%s"}
                """.formatted(HASH, HASH), "officers.yaml");
        assertEquals(2, officers.size());
        assertEquals(Set.of(Role.INSPECTOR, Role.SUPERVISOR), officers.get(0).roles());
        assertEquals("tech-1", officers.get(1).name(), "the id stands in for a missing name");
    }

    @Test
    void eachProblemNamesTheFileTheOfficerAndTheField() {
        assertEquals("o.yaml: officers[1] (ana).id: officer 'ana' is listed twice", problem("""
                officers:
                  - {id: ana, roles: [inspector], passwordHash: "%1$s"}
                  - {id: ana, roles: [inspector], passwordHash: "%1$s"}
                """.formatted(HASH)));
        assertTrue(problem("officers:\n  - {id: ana, roles: [boss], passwordHash: \"" + HASH + "\"}\n")
                .startsWith("o.yaml: officers[0] (ana).roles: role must be one of inspector, technician, supervisor"));
        assertTrue(problem("officers:\n  - {id: 'a b', roles: [inspector], passwordHash: \"" + HASH + "\"}\n")
                .startsWith("o.yaml: officers[0].id: id must be 1-64 of"));
        assertTrue(problem("officers:\n  - {id: ana, roles: [inspector], passwordHash: secret}\n")
                .startsWith("o.yaml: officers[0] (ana).passwordHash: passwordHash must be pbkdf2-sha256$"));
        assertTrue(problem("officers:\n  - {id: ana, roles: [], passwordHash: \"" + HASH + "\"}\n")
                .contains("(ana).roles: at least one"));
        String unknown = problem("officers:\n  - {id: ana, role: [inspector], passwordHash: \"" + HASH + "\"}\n");
        assertTrue(unknown.startsWith("o.yaml, line 2: ") && unknown.contains("\"role\""), unknown);
    }

    private static String problem(String yaml) {
        return assertThrows(OfficersFileException.class, () -> OfficersFile.parse(yaml, "o.yaml")).getMessage();
    }

    @Test
    void writeThenRead_roundTrips_withOwnerOnlyPermissions() throws Exception {
        Path f = dir.resolve("officers.yaml");
        List<Officer> officers = List.of(new Officer("ana", "Ana Diallo", Set.of(Role.SUPERVISOR, Role.INSPECTOR), HASH),
                new Officer("tech", null, Set.of(Role.TECHNICIAN), HASH));
        OfficersFile.write(f, officers);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(officers, OfficersFile.read(f));
        assertFalse(Files.exists(dir.resolve(".officers.yaml.tmp")));
    }

    @Test
    void aFileOthersMayWriteIsRefused() throws Exception {
        Path f = dir.resolve("officers.yaml");
        OfficersFile.write(f, List.of(new Officer("ana", null, Set.of(Role.INSPECTOR), HASH)));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        OfficersFileException e = assertThrows(OfficersFileException.class, () -> OfficersFile.read(f));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void theBookAuthenticates_andReadsTheFileAgainWhenItChanges() throws Exception {
        Path f = dir.resolve("officers.yaml");
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.MINIMUM_ITERATIONS);
        OfficersFile.write(f, List.of(new Officer("ana", null, Set.of(Role.INSPECTOR),
                hasher.hash("ana's password".toCharArray()))));
        OfficerBook book = OfficerBook.load(f);
        assertTrue(book.authenticate("ana", "ana's password".toCharArray()).isPresent());
        assertTrue(book.authenticate("ana", "wrong password".toCharArray()).isEmpty());
        assertTrue(book.authenticate("nobody", "ana's password".toCharArray()).isEmpty());
        OfficersFile.write(f, List.of(new Officer("ana", null, Set.of(Role.INSPECTOR),
                hasher.hash("ana's password".toCharArray())), new Officer("ben", "Ben", Set.of(Role.SUPERVISOR),
                hasher.hash("ben's password".toCharArray()))));
        assertTrue(book.authenticate("ben", "ben's password".toCharArray()).isPresent());
    }

    @Test
    void officerToStringNeverCarriesTheHash() {
        assertFalse(new Officer("ana", null, Set.of(Role.INSPECTOR), HASH).toString().contains("pbkdf2"));
    }
}
