package org.touchstone.sim.xrf;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvProfile;
import org.touchstone.drivers.protocol.xrfcsv.XrfCsvWriter;
import org.touchstone.drivers.reading.ElementResult;
import org.touchstone.drivers.reading.XrfReading;
import org.touchstone.sim.pty.PseudoTerminal;

/**
 * The simulated analyzer's result-line output: after every test, the results CSV row (in a vendor profile's
 * layout, written by the same {@link XrfCsvWriter} the agent's parser is tested against) on a virtual serial port
 * or to every client of a TCP port on loopback. The header goes out before the first row, whenever the element
 * list changes, and to each TCP client as it connects; on a serial port, where nobody says they are listening,
 * before every row, as Bruker repeats it between blocks.
 */
public final class XrfResultLineServer implements AutoCloseable {

    private final SimulatedXrfAnalyzer analyzer;
    private final XrfCsvWriter writer;
    private final PseudoTerminal pty;
    private final ServerSocket server;
    private final List<OutputStream> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile String header;
    private volatile boolean closed;

    private XrfResultLineServer(SimulatedXrfAnalyzer analyzer, XrfCsvProfile profile, PseudoTerminal pty,
                                ServerSocket server) {
        this.analyzer = analyzer;
        this.writer = new XrfCsvWriter(profile, ZoneOffset.UTC);
        this.pty = pty;
        this.server = server;
        if (server != null) {
            acceptor = new Thread(this::accept, "xrf-sim-tcp-" + analyzer.deviceId());
            acceptor.setDaemon(true);
            acceptor.start();
        } else {
            acceptor = null;
        }
    }

    /** Result lines on a virtual serial port linked at {@code link}. */
    public static XrfResultLineServer onPseudoTerminal(SimulatedXrfAnalyzer analyzer, XrfCsvProfile profile, Path link)
            throws IOException {
        PseudoTerminal pty = PseudoTerminal.open();
        try {
            pty.linkAt(link);
        } catch (IOException e) {
            pty.close();
            throw e;
        }
        return new XrfResultLineServer(analyzer, profile, pty, null);
    }

    /** Result lines to every client of a free TCP port on loopback. */
    public static XrfResultLineServer onTcp(SimulatedXrfAnalyzer analyzer, XrfCsvProfile profile) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new XrfResultLineServer(analyzer, profile, null, s);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int clientCount() {
        return clients.size();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                OutputStream out = s.getOutputStream();
                String h = header;
                if (h != null) {
                    out.write((writer.preamble() + h).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                clients.add(out);
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    /** Takes a shot and sends its row; returns the reading. */
    public synchronized XrfReading shoot(XrfItem item, double seconds, String sampleLabel) throws IOException {
        XrfReading r = analyzer.shoot(item, seconds, sampleLabel);
        send(r);
        return r;
    }

    /** Sends a reading's row (and the header when due). */
    public synchronized void send(XrfReading r) throws IOException {
        List<String> elements = r.elements().stream().map(ElementResult::element).toList();
        String h = writer.header(elements);
        StringBuilder out = new StringBuilder();
        boolean newHeader = !h.equals(header);
        if (pty != null || newHeader) {
            out.append(header == null ? writer.preamble() : "").append(h);
        }
        header = h;
        out.append(writer.row(r, elements));
        write(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Raw bytes, for tests that send garbage. */
    public synchronized void write(byte[] bytes) throws IOException {
        if (pty != null) {
            pty.masterOutput().write(bytes);
            pty.masterOutput().flush();
        }
        for (OutputStream c : clients) {
            try {
                c.write(bytes);
                c.flush();
            } catch (IOException e) {
                clients.remove(c);
                try {
                    c.close();
                } catch (IOException ignored) {
                    // the client is gone anyway
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (server != null) {
            server.close();
            for (OutputStream c : clients) {
                c.close();
            }
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pty != null) {
            pty.close();
        }
    }
}
