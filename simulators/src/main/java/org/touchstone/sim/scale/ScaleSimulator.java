package org.touchstone.sim.scale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.touchstone.sim.pty.PseudoTerminal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A simulated scale of any protocol, reachable through a virtual serial port (a pseudo-terminal linked at a fixed
 * path) or a loopback TCP port (a serial device server in raw TCP mode). The protocol is a {@link ScaleDialect};
 * the physics is a {@link SimulatedScale}.
 *
 * <p>Faults: {@link #unplug()}/{@link #replug()} (the port or listener disappears and comes back at the same
 * path or port), {@link #setSilent}, {@link #injectGarbage}, {@link #setSplitFrames} (each frame written in random
 * pieces), {@link #setLineEnd} (wrong line endings), overload and drift through {@link #scale()}.
 */
public final class ScaleSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleSimulator.class);

    private final SimulatedScale scale;
    private final Supplier<ScaleDialect> dialects;
    private final Random random = new Random(7);
    private volatile boolean silent;
    private volatile boolean splitFrames;
    private volatile String lineEnd;
    private volatile byte[] garbage;
    private Path link;
    private int tcpPort;
    private Closeable endpoint;
    private volatile long framesWritten;
    /** Writes of every connection take this lock, so a test can wait until none is under way. */
    private final Object writeLock = new Object();
    private final java.util.Deque<String> recentFrames = new java.util.ArrayDeque<>();
    private static final int RECENT_FRAMES = 500;

    public ScaleSimulator(SimulatedScale scale, Supplier<ScaleDialect> dialects) {
        this.scale = Objects.requireNonNull(scale, "scale must not be null");
        this.dialects = Objects.requireNonNull(dialects, "dialects must not be null");
    }

    /** Plugs in a virtual serial port at {@code linkPath}. */
    public synchronized void startPty(Path linkPath) throws IOException {
        requireUnplugged();
        PseudoTerminal pty = PseudoTerminal.open();
        try {
            pty.linkAt(linkPath);
        } catch (IOException e) {
            pty.close();
            throw e;
        }
        link = linkPath;
        tcpPort = 0;
        endpoint = pty::close;
        startConnection(pty.masterInput(), pty.masterOutput(), pty::isClosed, "sim-pty-" + linkPath.getFileName());
    }

    /**
     * Listens on loopback, on {@code port} or a free port when 0; returns the port. One client at a time, as a
     * device server with "max connection 1": a new client replaces the old one.
     */
    public synchronized int startTcp(int port) throws IOException {
        requireUnplugged();
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        tcpPort = server.getLocalPort();
        link = null;
        endpoint = server;
        Thread acceptor = new Thread(() -> accept(server), "sim-tcp-accept-" + tcpPort);
        acceptor.setDaemon(true);
        acceptor.start();
        return tcpPort;
    }

    /** Pulls the cable: the port or listener closes (the client sees a disconnect). */
    public synchronized void unplug() throws IOException {
        Closeable e = endpoint;
        endpoint = null;
        if (e != null) {
            e.close();
        }
        Socket c = client;
        client = null;
        if (c != null) {
            c.close();
        }
    }

    /** Plugs back in at the same path or port. */
    public synchronized void replug() throws IOException {
        if (link != null) {
            startPty(link);
        } else if (tcpPort != 0) {
            startTcp(tcpPort);
        } else {
            throw new IllegalStateException("never started");
        }
    }

    public synchronized boolean isPluggedIn() {
        return endpoint != null;
    }

    public SimulatedScale scale() {
        return scale;
    }

    public int tcpPort() {
        return tcpPort;
    }

    /** While silent, commands are read and ignored and nothing is streamed. */
    public void setSilent(boolean silent) {
        this.silent = silent;
    }

    /** Prints these bytes just before the next frame: line noise. */
    public void injectGarbage(byte[] bytes) {
        garbage = bytes.clone();
    }

    /** Writes every frame in random pieces with a pause between them, as a device server may pack them. */
    public void setSplitFrames(boolean split) {
        this.splitFrames = split;
    }

    /** Ends lines with this instead of CR LF (e.g. {@code "\r"} or {@code "\n"}); null restores CR LF. */
    public void setLineEnd(String lineEnd) {
        this.lineEnd = lineEnd;
    }

    public long framesWritten() {
        return framesWritten;
    }

    /** The last frames written (up to 500), oldest first, each as written (ISO-8859-1, line end included). */
    public List<String> recentFrames() {
        synchronized (writeLock) {
            return List.copyOf(recentFrames);
        }
    }

    /**
     * Returns once no frame is being written. After {@link #setSilent}(true) nothing more is written, so what the
     * simulator wrote is then final: a test can wait for the driver to have read it all.
     */
    public void awaitQuiet() {
        synchronized (writeLock) {
            // Holding the write lock is the proof: a write in progress finished before it was granted.
        }
    }

    @Override
    public void close() throws IOException {
        unplug();
    }

    private volatile Socket client;

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Socket old = client;
                client = s;
                if (old != null) {
                    old.close();
                }
                startConnection(s.getInputStream(), s.getOutputStream(), s::isClosed, "sim-tcp-" + tcpPort);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("simulated scale on port {}: accept failed: {}", tcpPort, e.getMessage());
                }
            }
        }
    }

    private void startConnection(InputStream in, OutputStream out, java.util.function.BooleanSupplier closed,
                                 String name) {
        ScaleDialect dialect = dialects.get();
        Object lock = new Object();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[256];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    List<byte[]> answers;
                    synchronized (lock) {
                        answers = dialect.commandBytes(buf, n);
                    }
                    if (silent) {
                        continue;
                    }
                    for (byte[] a : answers) {
                        write(out, lock, dialect, a);
                    }
                }
            } catch (IOException e) {
                if (!closed.getAsBoolean()) {
                    LOG.debug("{} stopped reading: {}", name, e.getMessage());
                }
            }
        }, name + "-read");
        Thread streamer = new Thread(() -> {
            try {
                while (!closed.getAsBoolean()) {
                    Thread.sleep(dialect.streamInterval().toMillis());
                    boolean streaming;
                    synchronized (lock) {
                        streaming = dialect.streaming();
                    }
                    if (streaming && !silent) {
                        byte[] frame;
                        synchronized (lock) {
                            frame = dialect.streamFrame();
                        }
                        write(out, lock, dialect, frame);
                    }
                }
            } catch (IOException | InterruptedException e) {
                LOG.debug("{} stopped streaming: {}", name, e.getMessage());
            }
        }, name + "-stream");
        reader.setDaemon(true);
        streamer.setDaemon(true);
        reader.start();
        streamer.start();
    }

    private void write(OutputStream out, Object lock, ScaleDialect dialect, byte[] frame) throws IOException {
        byte[] bytes = withLineEnd(frame, dialect.lineEnd());
        synchronized (writeLock) {
            if (silent) {
                return;
            }
            byte[] noise = garbage;
            if (noise != null) {
                garbage = null;
                out.write(noise);
            }
            if (splitFrames && bytes.length > 1) {
                int pos = 0;
                while (pos < bytes.length) {
                    int len = Math.min(bytes.length - pos, 1 + random.nextInt(4));
                    out.write(bytes, pos, len);
                    out.flush();
                    pos += len;
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            } else {
                out.write(bytes);
                out.flush();
            }
            framesWritten++;
            recentFrames.addLast(new String(bytes, StandardCharsets.ISO_8859_1));
            while (recentFrames.size() > RECENT_FRAMES) {
                recentFrames.removeFirst();
            }
        }
    }

    private byte[] withLineEnd(byte[] frame, String normal) {
        String wanted = lineEnd;
        if (wanted == null || normal == null) {
            return frame;
        }
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        if (!text.endsWith(normal)) {
            return frame;
        }
        return (text.substring(0, text.length() - normal.length()) + wanted).getBytes(StandardCharsets.ISO_8859_1);
    }

    private void requireUnplugged() {
        if (endpoint != null) {
            throw new IllegalStateException("simulator already plugged in");
        }
    }
}
