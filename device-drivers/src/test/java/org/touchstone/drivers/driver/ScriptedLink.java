package org.touchstone.drivers.driver;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.touchstone.drivers.transport.ByteTransport;

/**
 * A byte transport that plays a script, standing in for a device in the driver state tests: each {@link #open()}
 * takes the next step, which either fails to open or is a session answering each command the driver writes, until
 * the session ends (the cable is pulled: the next read fails). Real links are tested in the *IT tests; this one
 * makes the order of events exact.
 */
final class ScriptedLink implements ByteTransport {

    /** One open: {@code answer} gives the bytes for a command, or null to end the session there. */
    record Session(Function<byte[], byte[]> answer, RuntimeException onFirstRead) {
        static Session answering(Function<byte[], byte[]> answer) {
            return new Session(answer, null);
        }
    }

    private final Deque<Object> script = new ArrayDeque<>();
    private final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    private Session current;
    private volatile boolean ended;
    private boolean bombArmed;
    private volatile int opens;

    synchronized ScriptedLink failOpen(String why) {
        script.add(new IOException(why));
        return this;
    }

    synchronized ScriptedLink session(Session s) {
        script.add(s);
        return this;
    }

    int opens() {
        return opens;
    }

    @Override
    public synchronized void open() throws IOException {
        opens++;
        inbound.clear();
        Object next = script.poll();
        if (next == null) {
            current = null;
            throw new IOException("script over: nothing to open");
        }
        if (next instanceof IOException e) {
            current = null;
            throw e;
        }
        current = (Session) next;
        ended = false;
        bombArmed = current.onFirstRead() != null;
    }

    @Override
    public boolean isOpen() {
        return current != null;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
        Session s;
        synchronized (this) {
            s = current;
            if (s == null) {
                throw new IOException("not open");
            }
            if (bombArmed) {
                bombArmed = false;
                throw s.onFirstRead();
            }
        }
        byte[] b;
        try {
            b = inbound.poll(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (b == null) {
            if (ended) {
                throw new IOException("session ended: cable pulled");
            }
            return 0;
        }
        System.arraycopy(b, 0, buffer, 0, b.length);
        return b.length;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        Session s;
        synchronized (this) {
            s = current;
        }
        if (s == null || ended) {
            throw new IOException("not open");
        }
        byte[] answer = s.answer().apply(bytes);
        if (answer == null) {
            ended = true;
        } else if (answer.length > 0) {
            inbound.add(answer);
        }
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public synchronized void close() {
        current = null;
    }
}
