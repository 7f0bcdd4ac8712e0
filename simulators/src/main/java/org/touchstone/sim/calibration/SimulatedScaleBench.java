package org.touchstone.sim.calibration;

import java.math.BigDecimal;
import java.util.function.Consumer;
import org.touchstone.agent.calibration.CalibrationAbortedException;
import org.touchstone.agent.calibration.ScaleBench;
import org.touchstone.agent.calibration.ScaleStep;
import org.touchstone.sim.scale.SimulatedScale;

/**
 * A technician's hands on a simulated scale: each verification step is done on the physics directly (weights on
 * the pan at the asked position, zero and tare pressed), and the rested indication read.
 */
public final class SimulatedScaleBench implements ScaleBench {

    private final SimulatedScale scale;
    private final Consumer<String> say;

    /** @param say where each instruction is shown (the demo prints it; tests may ignore it) */
    public SimulatedScaleBench(SimulatedScale scale, Consumer<String> say) {
        this.scale = scale;
        this.say = say;
    }

    @Override
    public double perform(ScaleStep step) {
        say.accept(step.instruction());
        scale.setLoadPosition(step.position().x(), step.position().y());
        if (step.test() == ScaleStep.ScaleTest.ZERO) {
            place(0);
            require(scale.zero(), "zero");
        } else if (step.test() == ScaleStep.ScaleTest.TARE && step.loadGrams() == 0) {
            place(step.containerGrams());
            require(scale.tare(), "tare");
        } else {
            if (step.test() == ScaleStep.ScaleTest.REPEATABILITY) {
                place(step.containerGrams());
            }
            place(step.containerGrams() + step.loadGrams());
        }
        SimulatedScale.Indication i = scale.indication();
        if (i.condition() != SimulatedScale.Condition.OK || !i.stable()) {
            throw new CalibrationAbortedException("the scale shows " + i.condition() + (i.stable() ? "" : ", moving"));
        }
        if (step.test() == ScaleStep.ScaleTest.TARE && step.loadGrams() > 0) {
            // The verification's last step: the technician clears the pan and the tare, and leaves the scale zeroed.
            scale.clearTare();
            scale.setLoadPosition(0, 0);
            place(0);
        }
        return i.netGrams().doubleValue();
    }

    private void place(double grams) {
        scale.setLoad(BigDecimal.valueOf(grams));
        scale.settle();
    }

    private static void require(SimulatedScale.Outcome outcome, String what) {
        if (outcome != SimulatedScale.Outcome.DONE) {
            throw new CalibrationAbortedException(what + " refused: " + outcome);
        }
    }
}
