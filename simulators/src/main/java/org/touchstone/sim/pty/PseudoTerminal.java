package org.touchstone.sim.pty;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A virtual serial port: a Linux pseudo-terminal pair whose slave side a serial library opens like
 * {@code /dev/ttyUSB0}, while this process plays the instrument through the master side.
 *
 * <p>The master is non-blocking and every read or write waits in {@code poll()} with a short timeout, so
 * {@link #close()} stops a reader or writer thread within that timeout instead of leaving it stuck in the kernel.
 * This object keeps its own descriptor on the slave open: otherwise the master reads EIO (and polls HUP in a
 * tight loop) whenever no serial client has the port open, which would look like end of stream.
 */
public final class PseudoTerminal implements AutoCloseable {

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;
    private static final int O_NONBLOCK = 04000;
    private static final int F_SETFL = 4;
    private static final int TCSANOW = 0;
    private static final short POLLIN = 0x1;
    private static final short POLLOUT = 0x4;
    private static final int EINTR = 4;
    private static final int EIO = 5;
    private static final int EAGAIN = 11;
    /** How long a blocked read or write waits before it looks at the closed flag again. */
    private static final int POLL_TIMEOUT_MS = 50;
    /** glibc's struct termios is 60 bytes on Linux; more room costs nothing and guards other layouts. */
    private static final int TERMIOS_SIZE = 256;

    /** The few libc calls a pseudo-terminal needs; bound directly to libc so no extra JNA module is needed. */
    interface LibC extends Library {
        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        int ptsname_r(int fd, byte[] buf, NativeLong buflen);

        int open(String path, int flags);

        int close(int fd);

        int fcntl(int fd, int cmd, int arg);

        NativeLong read(int fd, Pointer buf, NativeLong count);

        NativeLong write(int fd, Pointer buf, NativeLong count);

        int poll(Pointer fds, NativeLong nfds, int timeoutMillis);

        int tcgetattr(int fd, Pointer termios);

        void cfmakeraw(Pointer termios);

        int tcsetattr(int fd, int optionalActions, Pointer termios);
    }

    private static volatile LibC libc;

    private final int masterFd;
    private final int slaveFd;
    private final String slavePath;
    private final ReentrantReadWriteLock fdLock = new ReentrantReadWriteLock();
    private final InputStream input = new MasterInput();
    private final OutputStream output = new MasterOutput();
    private volatile boolean closed;
    private volatile Path link;

    private PseudoTerminal(int masterFd, int slaveFd, String slavePath) {
        this.masterFd = masterFd;
        this.slaveFd = slaveFd;
        this.slavePath = slavePath;
    }

    /**
     * Opens a new pseudo-terminal pair in raw mode (no echo, no line editing).
     *
     * @throws UnsupportedOperationException on anything but Linux
     * @throws IOException                   when libc refuses a step; the message names the step and errno
     */
    public static PseudoTerminal open() throws IOException {
        if (!Platform.isLinux()) {
            throw new UnsupportedOperationException(
                    "PseudoTerminal needs Linux (posix_openpt and /dev/pts); this is " + System.getProperty("os.name"));
        }
        LibC c = libc();
        int master = c.posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0) {
            throw failure("posix_openpt");
        }
        int slave = -1;
        try {
            check(c.grantpt(master), "grantpt");
            check(c.unlockpt(master), "unlockpt");
            byte[] name = new byte[128];
            check(c.ptsname_r(master, name, new NativeLong(name.length)), "ptsname_r");
            String path = cString(name);
            Memory termios = new Memory(TERMIOS_SIZE);
            termios.clear();
            check(c.tcgetattr(master, termios), "tcgetattr");
            c.cfmakeraw(termios);
            check(c.tcsetattr(master, TCSANOW, termios), "tcsetattr");
            check(c.fcntl(master, F_SETFL, O_RDWR | O_NONBLOCK), "fcntl(O_NONBLOCK)");
            slave = c.open(path, O_RDWR | O_NOCTTY);
            if (slave < 0) {
                throw failure("open " + path);
            }
            return new PseudoTerminal(master, slave, path);
        } catch (IOException | RuntimeException e) {
            if (slave >= 0) {
                c.close(slave);
            }
            c.close(master);
            throw e;
        }
    }

    /** The slave device path, e.g. {@code /dev/pts/7}. It changes with every new pair. */
    public String slavePath() {
        return slavePath;
    }

    /**
     * Points a symlink at the slave path, replacing any existing link atomically, so a client configured with a
     * stable path (e.g. {@code /tmp/x/scale-1}) finds the current pair. {@link #close()} removes the link.
     */
    public void linkAt(Path linkPath) throws IOException {
        ensureOpen();
        Path absolute = linkPath.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // A rename over the old link is atomic; deleting then creating would leave a moment with no port.
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        Files.createSymbolicLink(temporary, Path.of(slavePath));
        try {
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        link = absolute;
    }

    /** Bytes the serial client wrote. Reads block until data arrives; they return -1 once this pair is closed. */
    public InputStream masterInput() {
        return input;
    }

    /** Bytes for the serial client to read. */
    public OutputStream masterOutput() {
        return output;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes both descriptors (the client then sees a disconnect) and removes the link made by {@link #linkAt}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // The write lock waits for any reader or writer to leave poll(), so no call uses a descriptor number
        // that the kernel may already have handed to someone else.
        fdLock.writeLock().lock();
        try {
            libc().close(slaveFd);
            libc().close(masterFd);
        } finally {
            fdLock.writeLock().unlock();
        }
        Path current = link;
        if (current != null && Files.isSymbolicLink(current)
                && Files.readSymbolicLink(current).toString().equals(slavePath)) {
            // Only remove our own link: after a replug the same path may already point at a newer pair.
            Files.deleteIfExists(current);
        }
    }

    @Override
    public String toString() {
        return "PseudoTerminal[" + slavePath + (link == null ? "" : " <- " + link) + (closed ? ", closed]" : "]");
    }

    private int readSome(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        Memory buffer = new Memory(Math.min(len, 4096));
        while (true) {
            if (closed) {
                return -1;
            }
            int polled;
            fdLock.readLock().lock();
            try {
                if (closed) {
                    return -1;
                }
                polled = waitFor(POLLIN);
                if (polled == READY) {
                    long n = libc().read(masterFd, buffer, new NativeLong(buffer.size())).longValue();
                    if (n > 0) {
                        buffer.read(0, b, off, (int) n);
                        return (int) n;
                    }
                    int errno = Native.getLastError();
                    if (n < 0 && errno != EAGAIN && errno != EINTR && errno != EIO) {
                        throw new IOException("read from pty master " + slavePath + " failed, errno " + errno);
                    }
                    // EIO means no client has the slave open at this instant: nothing to read yet, not the end.
                }
            } finally {
                fdLock.readLock().unlock();
            }
            pauseIfHungUp(polled);
        }
    }

    private static final int READY = 1;
    private static final int TIMED_OUT = 0;
    private static final int HUNG_UP = -1;

    /** Polls the master for {@code events}: {@link #READY}, {@link #TIMED_OUT} or {@link #HUNG_UP}. */
    private int waitFor(short events) throws IOException {
        Memory pollfd = new Memory(8);
        pollfd.setInt(0, masterFd);
        pollfd.setShort(4, events);
        pollfd.setShort(6, (short) 0);
        int rc = libc().poll(pollfd, new NativeLong(1), POLL_TIMEOUT_MS);
        if (rc < 0) {
            int errno = Native.getLastError();
            if (errno == EINTR) {
                return TIMED_OUT;
            }
            throw new IOException("poll on pty master " + slavePath + " failed, errno " + errno);
        }
        short revents = pollfd.getShort(6);
        if ((revents & events) != 0) {
            return READY;
        }
        return rc > 0 ? HUNG_UP : TIMED_OUT;
    }

    private void pauseIfHungUp(int pollResult) throws InterruptedIOException {
        if (pollResult == HUNG_UP) {
            // A hang-up returns from poll at once; pausing keeps a waiting reader from spinning a core.
            try {
                Thread.sleep(POLL_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting on " + slavePath);
            }
        }
    }

    private void writeAll(byte[] b, int off, int len) throws IOException {
        Memory buffer = new Memory(Math.max(1, len));
        buffer.write(0, b, off, len);
        int written = 0;
        while (written < len) {
            ensureOpen();
            int polled;
            fdLock.readLock().lock();
            try {
                ensureOpen();
                polled = waitFor(POLLOUT);
                if (polled == READY) {
                    long n = libc().write(masterFd, buffer.share(written), new NativeLong(len - written)).longValue();
                    if (n > 0) {
                        written += (int) n;
                        continue;
                    }
                    int errno = Native.getLastError();
                    if (n < 0 && errno != EAGAIN && errno != EINTR && errno != EIO) {
                        throw new IOException("write to pty master " + slavePath + " failed, errno " + errno);
                    }
                }
            } finally {
                fdLock.readLock().unlock();
            }
            pauseIfHungUp(polled);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("pseudo-terminal " + slavePath + " is closed");
        }
    }

    private static LibC libc() {
        LibC c = libc;
        if (c == null) {
            synchronized (PseudoTerminal.class) {
                if (libc == null) {
                    libc = Native.load("c", LibC.class);
                }
                c = libc;
            }
        }
        return c;
    }

    private static void check(int rc, String step) throws IOException {
        if (rc != 0) {
            throw failure(step);
        }
    }

    private static IOException failure(String step) {
        return new IOException("pseudo-terminal: " + step + " failed, errno " + Native.getLastError());
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    private final class MasterInput extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return readSome(b, off, len);
        }

        @Override
        public void close() throws IOException {
            PseudoTerminal.this.close();
        }
    }

    private final class MasterOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            writeAll(b, off, len);
        }

        @Override
        public void close() throws IOException {
            PseudoTerminal.this.close();
        }
    }
}
