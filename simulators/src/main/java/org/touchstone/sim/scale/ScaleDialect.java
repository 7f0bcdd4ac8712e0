package org.touchstone.sim.scale;

import java.time.Duration;
import java.util.List;

/**
 * How one protocol's instrument talks: it reads the host's command bytes and says what to print, and, while
 * streaming, what frame to print next. Written with the drivers' own codec writers. One dialect object per
 * connection; called from the simulator's threads under its lock.
 */
public interface ScaleDialect {

    /** Command bytes as they arrived, in any chunking; returns the answers to print, in order. */
    List<byte[]> commandBytes(byte[] buf, int len);

    /** True while the instrument prints by itself (Toledo always; MT-SICS and A&amp;D after SIR; SBI in auto-print). */
    boolean streaming();

    /** The frame to print now while streaming. */
    byte[] streamFrame();

    /** Time between streamed frames. */
    default Duration streamInterval() {
        return Duration.ofMillis(100);
    }

    /** The line end this protocol prints (CR LF), so the wrong-line-end fault knows what to replace; null if none. */
    default String lineEnd() {
        return "\r\n";
    }
}
