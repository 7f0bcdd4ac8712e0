package org.touchstone.sim.pty;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.touchstone.drivers.protocol.LineFramer;
import org.touchstone.drivers.transport.serial.SerialSettings;
import org.touchstone.drivers.transport.serial.SerialTransport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real pseudo-terminal opened by real jSerialComm through a symlink, as the agent will open a scale. */
class PseudoTerminalIT {

    private static final int LINES = 500;

    @TempDir
    Path dir;

    @Test
    void jSerialCommOnSymlink_exchanges500LinesBothWaysWithNoneLost() throws Exception {
        Path link = dir.resolve("scale-1");
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            pty.linkAt(link);
            assertEquals(pty.slavePath(), Files.readSymbolicLink(link).toString());

            SerialTransport serial = new SerialTransport(SerialSettings.mtSics(link.toString()));
            serial.open();
            try {
                List<String> atInstrument = Collections.synchronizedList(new ArrayList<>());
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread instrumentReader = new Thread(() -> readLines(pty.masterInput(), atInstrument, failure));
                instrumentReader.start();
                Thread instrumentWriter = new Thread(() -> {
                    try {
                        OutputStream out = pty.masterOutput();
                        for (int i = 0; i < LINES; i++) {
                            out.write(("to-host " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (IOException e) {
                        failure.set(e);
                    }
                });
                instrumentWriter.start();

                for (int i = 0; i < LINES; i++) {
                    serial.write(("to-instrument " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                List<String> atHost = new ArrayList<>();
                LineFramer framer = new LineFramer(atHost::add);
                byte[] buffer = new byte[1024];
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (atHost.size() < LINES && System.nanoTime() < deadline) {
                    int n = serial.read(buffer);
                    framer.feed(buffer, 0, n);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> atInstrument.size() >= LINES);

                assertEquals(expected("to-host"), atHost);
                assertEquals(expected("to-instrument"), new ArrayList<>(atInstrument));
                pty.close();
                instrumentReader.join(2000);
                instrumentWriter.join(2000);
                assertFalse(instrumentReader.isAlive(), "close() must end a blocked reader");
                assertEquals(null, failure.get());
            } finally {
                serial.close();
            }
        }
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "close() removes the link");
    }

    @Test
    void closedMaster_serialReadReportsDisconnect() throws Exception {
        Path link = dir.resolve("scale-2");
        PseudoTerminal pty = PseudoTerminal.open();
        pty.linkAt(link);
        SerialTransport serial = new SerialTransport(SerialSettings.mtSics(link.toString()));
        serial.open();
        try {
            pty.close();
            assertThrows(IOException.class, () -> {
                byte[] buffer = new byte[64];
                for (int i = 0; i < 50; i++) {
                    serial.read(buffer);
                }
            });
            assertFalse(serial.isOpen(), "the transport closes the port on the first disconnect");
            assertThrows(IOException.class, serial::open, "the link is gone, so the port is absent");
        } finally {
            serial.close();
        }
    }

    @Test
    void linkAt_replacesAnExistingLinkAtomically() throws Exception {
        Path link = dir.resolve("nested/scale-3");
        try (PseudoTerminal first = PseudoTerminal.open(); PseudoTerminal second = PseudoTerminal.open()) {
            first.linkAt(link);
            second.linkAt(link);
            assertEquals(second.slavePath(), Files.readSymbolicLink(link).toString());
            first.close();
            assertTrue(Files.isSymbolicLink(link), "closing the old pair leaves the newer pair's link alone");
        }
    }

    @Test
    void readWithNoClientAttached_waitsInsteadOfEndOfStream() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            AtomicReference<Integer> result = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    result.set(pty.masterInput().read(new byte[16]));
                } catch (IOException e) {
                    result.set(-2);
                }
            });
            reader.start();
            reader.join(300);
            assertTrue(reader.isAlive(), "no client yet: the read waits");
            pty.close();
            reader.join(2000);
            assertEquals(-1, result.get(), "close() ends the wait with end of stream");
        }
    }

    private static List<String> expected(String prefix) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            lines.add(prefix + " " + i);
        }
        return lines;
    }

    private static void readLines(InputStream in, List<String> sink, AtomicReference<Throwable> failure) {
        LineFramer framer = new LineFramer(sink::add);
        byte[] buffer = new byte[1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                framer.feed(buffer, 0, n);
            }
        } catch (IOException e) {
            failure.set(e);
        }
    }
}
