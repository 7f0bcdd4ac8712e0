package org.touchstone.drivers.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Cuts a line-oriented instrument byte stream (MT-SICS, SBI, A&D) into lines, whatever chunks the port delivers: an explicit state machine over
 * bytes, shared by the parsers (responses) and the simulators (commands).
 *
 * <p>CR LF ends a line. A bare LF or a bare CR also ends one, because some balances are configured for them;
 * the sink hears about it so a misconfigured instrument is visible. A line is handed on as soon as its CR
 * arrives, so a CR-only device is not kept a line behind; a CR not followed by LF is reported when the next
 * byte shows it. Lines longer than {@link #MAX_LINE_BYTES} are cut, reported, and skipped to the next line end.
 */
public final class LineFramer {

    /** Longest line accepted; scale lines are far shorter, so anything longer is noise or a wrong baud rate. */
    public static final int MAX_LINE_BYTES = 256;

    /** How a line ended when it did not end with CR LF. */
    public enum LineEnd { CR_LF, BARE_LF, BARE_CR }

    /** Receives what the framer finds. Lines are ISO-8859-1 text without their terminator. */
    public interface Sink {
        void lineReceived(String line);

        /** The line just received (or, for a bare CR, the previous one) did not end with CR LF. */
        default void irregularLineEnd(LineEnd kind, String line) {
        }

        /** A line exceeded {@link #MAX_LINE_BYTES}; its first bytes are given, the rest is skipped. */
        default void lineTooLong(String firstBytes) {
        }
    }

    private enum State {
        /** Collecting bytes of a line. */
        IN_LINE,
        /** A CR ended the last line; an LF here completes CR LF, anything else means it was a bare CR. */
        AFTER_CR,
        /** The current line was too long: dropping bytes until a line end. */
        DISCARDING
    }

    private final Sink sink;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int length;
    private State state = State.IN_LINE;
    /** The line the pending CR ended, kept to name it if the CR turns out to be bare; null after a discard. */
    private String lineBeforeCr;

    public LineFramer(Sink sink) {
        this.sink = java.util.Objects.requireNonNull(sink, "sink must not be null");
    }

    public void feed(byte[] buf, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, buf.length);
        for (int i = off; i < off + len; i++) {
            accept(buf[i]);
        }
    }

    public void feed(byte[] buf) {
        feed(buf, 0, buf.length);
    }

    /** Forgets a partial line, e.g. after the port was reopened. */
    public void reset() {
        length = 0;
        state = State.IN_LINE;
        lineBeforeCr = null;
    }

    private void accept(byte b) {
        switch (state) {
            case AFTER_CR:
                state = State.IN_LINE;
                if (b == '\n') {
                    lineBeforeCr = null;
                    return;
                }
                if (lineBeforeCr != null) {
                    sink.irregularLineEnd(LineEnd.BARE_CR, lineBeforeCr);
                }
                lineBeforeCr = null;
                accept(b);
                return;
            case DISCARDING:
                if (b == '\r') {
                    state = State.AFTER_CR;
                    lineBeforeCr = null;
                } else if (b == '\n') {
                    state = State.IN_LINE;
                }
                return;
            case IN_LINE:
            default:
                if (b == '\r') {
                    String text = take();
                    state = State.AFTER_CR;
                    lineBeforeCr = text;
                    sink.lineReceived(text);
                } else if (b == '\n') {
                    String text = take();
                    sink.lineReceived(text);
                    sink.irregularLineEnd(LineEnd.BARE_LF, text);
                } else if (length == MAX_LINE_BYTES) {
                    String first = take();
                    state = State.DISCARDING;
                    sink.lineTooLong(first);
                } else {
                    line[length++] = b;
                }
        }
    }

    private String take() {
        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        length = 0;
        return text;
    }
}
