package org.touchstone.sim.scale;

import org.touchstone.drivers.driver.ScaleProtocols;
import org.touchstone.drivers.protocol.LineFramer;
import org.touchstone.drivers.protocol.and.AndFormat;
import org.touchstone.drivers.protocol.mtsics.MtSicsCommand;
import org.touchstone.drivers.protocol.mtsics.MtSicsFormat;
import org.touchstone.drivers.protocol.sbi.SbiFormat;
import org.touchstone.drivers.protocol.toledo.ToledoFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The instrument side of each scale protocol, answering as the real device does with the codec writers the
 * drivers parse. Units are grams throughout; the physics is {@link SimulatedScale}'s.
 */
public final class Dialects {

    private Dialects() {
    }

    /** A factory of per-connection dialects for a protocol name ({@code mt-sics}, {@code sartorius-sbi}, ...). */
    public static Supplier<ScaleDialect> forProtocol(String protocol, SimulatedScale scale, String serialNumber,
                                                     boolean toledoChecksum) {
        return forProtocol(ScaleProtocols.forName(protocol), scale, serialNumber, toledoChecksum);
    }

    /**
     * The simulator's side of each registered protocol. No default branch: a protocol added to
     * {@link ScaleProtocols} without its dialect here does not compile.
     */
    public static Supplier<ScaleDialect> forProtocol(ScaleProtocols protocol, SimulatedScale scale, String serialNumber,
                                                     boolean toledoChecksum) {
        return switch (protocol) {
            case MT_SICS -> () -> new MtSics(scale, serialNumber);
            case SARTORIUS_SBI -> () -> new Sbi(scale, serialNumber, false);
            case AND -> () -> new And(scale, serialNumber);
            case TOLEDO_CONTINUOUS -> () -> new Toledo(scale, toledoChecksum);
        };
    }

    /** Lines in, answers out. */
    private abstract static class LineDialect implements ScaleDialect {
        private final List<String> lines = new ArrayList<>();
        private final LineFramer framer = new LineFramer(lines::add);

        @Override
        public List<byte[]> commandBytes(byte[] buf, int len) {
            framer.feed(buf, 0, len);
            List<byte[]> answers = new ArrayList<>();
            for (String line : lines) {
                if (!line.isEmpty()) {
                    answers.addAll(answer(line));
                }
            }
            lines.clear();
            return answers;
        }

        abstract List<byte[]> answer(String line);
    }

    /** MT-SICS: S, SI, SIR, Z, T, TA, TAC, @, C, I2, I4. */
    static final class MtSics extends LineDialect {
        private final SimulatedScale scale;
        private final String serial;
        private volatile boolean repeating;

        MtSics(SimulatedScale scale, String serial) {
            this.scale = scale;
            this.serial = serial;
        }

        @Override
        List<byte[]> answer(String line) {
            Optional<MtSicsCommand> parsed = MtSicsCommand.parse(line);
            if (parsed.isEmpty()) {
                return List.of(MtSicsFormat.generalError("ES"));
            }
            MtSicsCommand c = parsed.get();
            switch (c.name()) {
                case "SI": return List.of(weight(scale.indication(), false));
                case "S": return List.of(weight(scale.indication(), true));
                case "SIR":
                    repeating = true;
                    return List.of();
                case "Z": return List.of(MtSicsFormat.status("Z", status(scale.zero())));
                case "T": {
                    SimulatedScale.Outcome o = scale.tare();
                    return List.of(o == SimulatedScale.Outcome.DONE
                            ? MtSicsFormat.tare("T", "S", scale.tareGrams(), "g")
                            : MtSicsFormat.status("T", status(o)));
                }
                case "TA": return List.of(MtSicsFormat.tare("TA", "A", scale.tareGrams(), "g"));
                case "TAC":
                    scale.clearTare();
                    return List.of(MtSicsFormat.status("TAC", "A"));
                case "@":
                    repeating = false;
                    return List.of(MtSicsFormat.identity("I4", List.of(serial)));
                case "C":
                    repeating = false;
                    return List.of(MtSicsFormat.status("C", "B"), MtSicsFormat.status("C", "A"));
                case "I2": return List.of(MtSicsFormat.identity("I2", List.of("SIM-MT Touchstone-Sim "
                        + scale.capacityGrams().toPlainString() + " g")));
                case "I4": return List.of(MtSicsFormat.identity("I4", List.of(serial)));
                default: return List.of(MtSicsFormat.generalError("ES"));
            }
        }

        @Override
        public boolean streaming() {
            return repeating;
        }

        @Override
        public byte[] streamFrame() {
            return weight(scale.indication(), false);
        }

        private static byte[] weight(SimulatedScale.Indication i, boolean stableRequired) {
            switch (i.condition()) {
                case OVERLOAD: return MtSicsFormat.status("S", "+");
                case UNDERLOAD: return MtSicsFormat.status("S", "-");
                default:
            }
            if (stableRequired && !i.stable()) {
                return MtSicsFormat.status("S", "I");
            }
            return MtSicsFormat.weight(i.stable(), i.netGrams(), "g");
        }

        private static String status(SimulatedScale.Outcome o) {
            switch (o) {
                case DONE: return "A";
                case OVERLOAD: return "+";
                case UNDERLOAD: return "-";
                default: return "I";
            }
        }
    }

    /** Sartorius SBI: ESC P, ESC T/U/V, ESC x1_/x2_; 16-character outputs, unit blank while unstable. */
    static final class Sbi implements ScaleDialect {
        private final SimulatedScale scale;
        private final String serial;
        private final boolean autoPrint;
        private final StringBuilder command = new StringBuilder();
        private boolean inCommand;

        Sbi(SimulatedScale scale, String serial, boolean autoPrint) {
            this.scale = scale;
            this.serial = serial;
            this.autoPrint = autoPrint;
        }

        @Override
        public List<byte[]> commandBytes(byte[] buf, int len) {
            List<byte[]> answers = new ArrayList<>();
            for (int i = 0; i < len; i++) {
                char c = (char) (buf[i] & 0xFF);
                if (c == SbiFormat.ESC) {
                    inCommand = true;
                    command.setLength(0);
                    continue;
                }
                if (!inCommand || c == '\r' || c == '\n') {
                    continue;
                }
                command.append(c);
                boolean format1 = command.length() == 1 && Character.isUpperCase(c);
                if (format1 || c == '_') {
                    inCommand = false;
                    answers.addAll(answer(command.toString()));
                } else if (command.length() > 20) {
                    inCommand = false;
                }
            }
            return answers;
        }

        private List<byte[]> answer(String cmd) {
            switch (cmd) {
                case "P": return List.of(output());
                case "T":
                case "U":
                    scale.tare();
                    return List.of();
                case "V":
                    scale.zero();
                    return List.of();
                case "x1_": return List.of(SbiFormat.text("SIM-SBI"));
                case "x2_": return List.of(SbiFormat.text(serial));
                default: return List.of();
            }
        }

        private byte[] output() {
            SimulatedScale.Indication i = scale.indication();
            switch (i.condition()) {
                case OVERLOAD: return SbiFormat.special("H");
                case UNDERLOAD: return SbiFormat.special("L");
                default: return SbiFormat.weight(i.netGrams(), "g", i.stable());
            }
        }

        @Override
        public boolean streaming() {
            return autoPrint;
        }

        @Override
        public byte[] streamFrame() {
            return output();
        }
    }

    /** A&amp;D: Q, S, SI, SIR, C, T, Z, ?SN; ST/US/OL lines; ACK for control commands. */
    static final class And extends LineDialect {
        private final SimulatedScale scale;
        private final String serial;
        private volatile boolean repeating;

        And(SimulatedScale scale, String serial) {
            this.scale = scale;
            this.serial = serial;
        }

        @Override
        List<byte[]> answer(String line) {
            switch (line.trim()) {
                case "Q":
                case "SI": return List.of(output(false));
                case "S": return List.of(output(true));
                case "SIR":
                    repeating = true;
                    return List.of();
                case "C":
                    repeating = false;
                    return List.of(AndFormat.ack());
                case "T":
                    return List.of(AndFormat.ack(), scale.tare() == SimulatedScale.Outcome.DONE
                            ? AndFormat.ack() : AndFormat.error("E11"));
                case "Z":
                    return List.of(AndFormat.ack(), scale.zero() == SimulatedScale.Outcome.DONE
                            ? AndFormat.ack() : AndFormat.error("E11"));
                case "?SN": return List.of(AndFormat.serialNumber(serial));
                default: return List.of(AndFormat.error("E01"));
            }
        }

        private byte[] output(boolean stableRequired) {
            SimulatedScale.Indication i = scale.indication();
            switch (i.condition()) {
                case OVERLOAD: return AndFormat.overload(false, "g");
                case UNDERLOAD: return AndFormat.overload(true, "g");
                default:
            }
            if (stableRequired && !i.stable()) {
                return AndFormat.error("E11");
            }
            return AndFormat.weight(i.stable() ? "ST" : "US", i.netGrams(), "g");
        }

        @Override
        public boolean streaming() {
            return repeating;
        }

        @Override
        public byte[] streamFrame() {
            return output(false);
        }
    }

    /** Toledo continuous: streams gross or net (when tared) with the tare, in grams, two decimals. */
    static final class Toledo extends LineDialect {
        private final SimulatedScale scale;
        private final boolean checksum;

        Toledo(SimulatedScale scale, boolean checksum) {
            this.scale = scale;
            this.checksum = checksum;
        }

        @Override
        List<byte[]> answer(String line) {
            // Kern's Toledo mode takes T, Z, C, P; the stream carries the outcome, nothing is answered.
            switch (line.trim()) {
                case "T": scale.tare(); break;
                case "Z": scale.zero(); break;
                default:
            }
            return List.of();
        }

        @Override
        public boolean streaming() {
            return true;
        }

        @Override
        public byte[] streamFrame() {
            SimulatedScale.Indication i = scale.indication();
            int decimals = Math.max(0, scale.divisionGrams().stripTrailingZeros().scale());
            int code = ToledoFormat.decimalCode(Math.min(decimals, 5));
            BigDecimal tare = scale.tareGrams();
            boolean net = tare.signum() > 0;
            boolean outOfRange = i.condition() != SimulatedScale.Condition.OK;
            BigDecimal shown = i.netGrams().setScale(ToledoFormat.decimals(code), RoundingMode.HALF_EVEN);
            long digits = Math.min(999_999, ToledoFormat.digits(shown, code));
            return ToledoFormat.frame(new ToledoFormat.Frame(digits, Math.min(999_999, ToledoFormat.digits(tare, code)),
                    code, net, shown.signum() < 0, outOfRange, !i.stable(), ToledoFormat.Unit.G), checksum);
        }

        @Override
        public String lineEnd() {
            return null;
        }
    }
}
