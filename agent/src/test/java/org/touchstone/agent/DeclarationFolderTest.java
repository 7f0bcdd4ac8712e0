package org.touchstone.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declarations folder watcher: a file is read once it stopped growing, once; what is not a regular file, or is
 * too large, is refused with the reason and never opened. Each scan is run by the test itself (no timing).
 */
class DeclarationFolderTest {

    @TempDir
    Path dir;

    private final List<String> read = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    private DeclarationFolder folder(long maxBytes) {
        return new DeclarationFolder(dir, new DeclarationFolder.Receiver() {
            @Override
            public void read(Path file, byte[] document) {
                read.add(file.getFileName() + "=" + new String(document, StandardCharsets.UTF_8));
            }

            @Override
            public void refused(Path file, String reason) {
                refused.add(file.getFileName() + ": " + reason);
            }
        }, maxBytes);
    }

    @Test
    void aFile_isReadOnceItsSizeHeldForOneScan_andOnlyOnce() throws Exception {
        DeclarationFolder watcher = folder(1000);
        Files.writeString(dir.resolve("a.json"), "{\"x\":");
        watcher.scan();
        assertEquals(List.of(), read, "first sight: it may still be copied");
        Files.writeString(dir.resolve("a.json"), "{\"x\":1}");
        watcher.scan();
        assertEquals(List.of(), read, "it grew since the last scan");
        watcher.scan();
        assertEquals(List.of("a.json={\"x\":1}"), read);
        watcher.scan();
        assertEquals(1, read.size(), "read once");
        Files.writeString(dir.resolve("notes.txt"), "not a declaration");
        watcher.scan();
        watcher.scan();
        assertEquals(1, read.size(), "only *.json");
    }

    @Test
    void filesReadBeforeARestart_areNotReadAgain() throws Exception {
        DeclarationFolder watcher = folder(1000);
        Files.writeString(dir.resolve("old.json"), "{}");
        watcher.alreadyRead(Set.of(dir.resolve("old.json")));
        watcher.scan();
        watcher.scan();
        assertEquals(List.of(), read);
    }

    @Test
    void aSymlink_isRefusedAndNotFollowed() throws Exception {
        Path secret = Files.writeString(dir.getParent().resolve(dir.getFileName() + "-secret"), "root:x:0:0");
        Files.createSymbolicLink(dir.resolve("shadow.json"), secret);
        DeclarationFolder watcher = folder(1000);
        watcher.scan();
        watcher.scan();
        assertEquals(List.of(), read);
        assertEquals(List.of("shadow.json: a symbolic link; only regular files in the folder are read"), refused);
        watcher.scan();
        assertEquals(1, refused.size(), "refused once, not at every scan");
        Files.delete(secret);
    }

    @Test
    void aFifo_isRefusedWithoutBlockingTheWatcher() throws Exception {
        Path fifo = dir.resolve("pipe.json");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return;
        }
        assertEquals(0, mkfifo.waitFor());
        DeclarationFolder watcher = folder(1000);
        // Opening a FIFO for reading would block until a writer comes: the scan must not open it.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            watcher.scan();
            watcher.scan();
        });
        assertEquals(List.of(), read);
        assertEquals(List.of("pipe.json: not a regular file (a FIFO, socket or device); only regular files are read"),
                refused);
    }

    @Test
    void anOversizedFile_isRefusedWithItsSize() throws Exception {
        Files.write(dir.resolve("big.json"), new byte[1001]);
        DeclarationFolder watcher = folder(1000);
        watcher.scan();
        assertEquals(List.of("big.json: larger than 1000 bytes (1001)"), refused);
        assertEquals(List.of(), read);
    }

    @Test
    void aFolderNamedLikeADeclaration_isRefused() throws Exception {
        Files.createDirectory(dir.resolve("folder.json"));
        folder(1000).scan();
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).startsWith("folder.json: a folder"), refused::toString);
    }

    @Test
    void read_capsWhatItReads_andRefusesALink() throws Exception {
        Path file = Files.write(dir.resolve("f.json"), new byte[50]);
        assertEquals(50, DeclarationFolder.read(file, 50).length);
        java.io.IOException tooBig = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> DeclarationFolder.read(file, 49));
        assertEquals("larger than 49 bytes", tooBig.getMessage());
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), file);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> DeclarationFolder.read(link, 50));
    }
}
