package org.touchstone.drivers.protocol.scale;

import org.touchstone.drivers.protocol.LineFramer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link ScaleParser} for protocols whose frames are text lines (Sartorius SBI, A&amp;D): the {@link LineFramer}
 * finds the lines whatever the chunking, a subclass decodes each line. Lines ending in a bare CR or LF are still
 * decoded and counted, so a wrongly configured line end is visible without losing weights.
 */
public abstract class LineScaleParser implements ScaleParser {

    private final List<ScaleMessage> batch = new ArrayList<>();
    /** {@code batch::add}, made once: a method reference written per line would be allocated per line. */
    private final Consumer<ScaleMessage> toBatch = batch::add;
    private final LineFramer framer;
    private long irregularLineEnds;

    protected LineScaleParser() {
        this.framer = new LineFramer(new LineFramer.Sink() {
            @Override
            public void lineReceived(String line) {
                if (!line.isEmpty()) {
                    try {
                        decode(line, toBatch);
                    } catch (RuntimeException e) {
                        // A decoder bug must not cost the stream: the line is reported, the next one is read.
                        batch.add(new ScaleMessage.Malformed("undecodable line (" + e + ")", line));
                    }
                }
            }

            @Override
            public void irregularLineEnd(LineFramer.LineEnd kind, String line) {
                irregularLineEnds++;
            }

            @Override
            public void lineTooLong(String firstBytes) {
                batch.add(new ScaleMessage.Malformed("line longer than " + LineFramer.MAX_LINE_BYTES
                        + " bytes, skipped to the next line end", firstBytes));
            }
        });
    }

    @Override
    public List<ScaleMessage> feed(byte[] buf, int off, int len) {
        batch.clear();
        feedFramer(buf, off, len);
        return List.copyOf(batch);
    }

    /** Hands bytes to the line framer; a subclass may pick out bytes that are frames of their own (A&amp;D ACK). */
    protected void feedFramer(byte[] buf, int off, int len) {
        framer.feed(buf, off, len);
    }

    protected final void framerFeed(byte[] buf, int off, int len) {
        framer.feed(buf, off, len);
    }

    /** Adds a message that did not come from a line (A&amp;D ACK), in stream order. */
    protected final void emit(ScaleMessage message) {
        batch.add(message);
    }

    @Override
    public void reset() {
        framer.reset();
    }

    /** Lines so far that ended with a bare CR or LF instead of CR LF. */
    public long irregularLineEnds() {
        return irregularLineEnds;
    }

    /** Decodes one non-empty line without its terminator into one or more messages. */
    protected abstract void decode(String line, Consumer<ScaleMessage> out);

    /** True when every character is printable ASCII. */
    protected static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
