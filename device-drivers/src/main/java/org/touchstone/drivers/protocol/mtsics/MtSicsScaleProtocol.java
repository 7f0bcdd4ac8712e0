package org.touchstone.drivers.protocol.mtsics;

import org.touchstone.drivers.protocol.scale.ScaleMessage;
import org.touchstone.drivers.protocol.scale.ScaleParser;
import org.touchstone.drivers.protocol.scale.ScaleProtocol;
import org.touchstone.drivers.reading.WeightKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MT-SICS as a {@link ScaleProtocol}: polls with {@code SI} or streams after {@code SIR}, asks {@code I4} for the
 * serial number, and turns each {@link MtSicsResponse} into a {@link ScaleMessage}.
 */
public final class MtSicsScaleProtocol implements ScaleProtocol {

    public static final String NAME = "mt-sics";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ScaleParser newParser() {
        return new Parser();
    }

    @Override
    public Optional<byte[]> identityRequest() {
        return Optional.of(MtSicsFormat.SERIAL_NUMBER);
    }

    @Override
    public Optional<byte[]> pollRequest() {
        return Optional.of(MtSicsFormat.SEND_IMMEDIATELY);
    }

    @Override
    public Optional<byte[]> streamRequest() {
        return Optional.of(MtSicsFormat.SEND_IMMEDIATELY_REPEAT);
    }

    /** Maps one MT-SICS response to what the driver understands. */
    public static ScaleMessage toMessage(MtSicsResponse response) {
        if (response instanceof MtSicsResponse.Weight w) {
            return new ScaleMessage.Weight(w.value(), w.value().toPlainString(), w.unit(), w.stable(),
                    WeightKind.DISPLAYED, null, w.line());
        }
        if (response instanceof MtSicsResponse.Identity id) {
            return id.command().equals("I4")
                    ? new ScaleMessage.Identity(id.value(), id.line())
                    : new ScaleMessage.Acknowledged(id.command() + " " + id.fields(), id.line());
        }
        if (response instanceof MtSicsResponse.Tare t) {
            return new ScaleMessage.Acknowledged("tare " + t.value().toPlainString() + " " + t.unitSymbol(), t.line());
        }
        if (response instanceof MtSicsResponse.HardwareError h) {
            return new ScaleMessage.Fault("hardware error " + h.code() + " reported by the "
                    + (h.fromTerminal() ? "terminal" : "balance"), h.line());
        }
        if (response instanceof MtSicsResponse.Status s) {
            switch (s.status()) {
                case "A":
                case "B":
                    return new ScaleMessage.Acknowledged(s.command() + " " + s.status(), s.line());
                case "I": return new ScaleMessage.Refused(s.command()
                        + " not executable now (busy, or no stable weight in time)", s.line());
                case "+": return new ScaleMessage.Refused("overload: weighing range exceeded", s.line());
                case "-": return new ScaleMessage.Refused("underload: weighing pan missing or below zero range",
                        s.line());
                default: return new ScaleMessage.Refused(s.command() + " refused: logical error", s.line());
            }
        }
        if (response instanceof MtSicsResponse.GeneralError g) {
            switch (g.code()) {
                case "ES": return new ScaleMessage.Refused("balance did not recognise the command (ES)", g.line());
                case "ET": return new ScaleMessage.Refused("balance reports a transmission error (ET)", g.line());
                default: return new ScaleMessage.Refused("balance cannot execute the command (EL)", g.line());
            }
        }
        MtSicsResponse.Malformed m = (MtSicsResponse.Malformed) response;
        return new ScaleMessage.Malformed(m.reason(), m.line());
    }

    private static final class Parser implements ScaleParser {
        private final MtSicsParser parser = new MtSicsParser();

        @Override
        public List<ScaleMessage> feed(byte[] buf, int off, int len) {
            List<MtSicsResponse> responses = parser.feed(buf, off, len);
            List<ScaleMessage> out = new ArrayList<>(responses.size());
            for (MtSicsResponse r : responses) {
                out.add(toMessage(r));
            }
            return out;
        }

        @Override
        public void reset() {
            parser.reset();
        }
    }
}
