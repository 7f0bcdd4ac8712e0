package org.touchstone.agent.calibration;

import java.util.Locale;
import java.util.Objects;

/**
 * One thing the technician does during a verification, and the indication it should give.
 *
 * @param test          which test the indication belongs to
 * @param instruction   what to do, in words ("place the 1000 g reference weight at the centre of the pan")
 * @param loadGrams     the reference load on the pan (net of a tared container); 0 for zero
 * @param position      where on the pan (eccentricity), CENTER otherwise
 * @param containerGrams the tared container under the load, 0 when none
 */
public record ScaleStep(ScaleTest test, String instruction, double loadGrams, Position position, double containerGrams) {

    /** The tests of a verification. */
    public enum ScaleTest { ZERO, INDICATION, REPEATABILITY, ECCENTRICITY, TARE }

    /** Where a load stands on the pan, as seen by the technician facing the scale. */
    public enum Position {
        CENTER(0, 0), FRONT_LEFT(-1, -1), FRONT_RIGHT(1, -1), BACK_LEFT(-1, 1), BACK_RIGHT(1, 1);

        private final int x;
        private final int y;

        Position(int x, int y) {
            this.x = x;
            this.y = y;
        }

        /** -1 left, +1 right. */
        public int x() {
            return x;
        }

        /** -1 front, +1 back. */
        public int y() {
            return y;
        }

        public String words() {
            return this == CENTER ? "the centre of the pan"
                    : "the " + name().toLowerCase(Locale.ROOT).replace('_', '-') + " corner";
        }
    }

    public ScaleStep {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(instruction, "instruction");
        position = position == null ? Position.CENTER : position;
        if (!(loadGrams >= 0) || !(containerGrams >= 0)) {
            throw new IllegalArgumentException("loadGrams and containerGrams must be >= 0, were: " + loadGrams + ", "
                    + containerGrams);
        }
    }
}
