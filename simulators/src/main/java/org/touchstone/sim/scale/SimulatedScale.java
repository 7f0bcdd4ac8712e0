package org.touchstone.sim.scale;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The physics of a non-automatic weighing instrument, without any I/O: a true load on the pan, an indication
 * that moves toward it for a settling time and then rests, noise quantised to the display division, zero, tare
 * and overload.
 *
 * <p>Time comes from an injected nanosecond source and noise from a seeded {@link Random}, so a test can step
 * time by hand and get the same indications every run. Thread-safe: the simulator's port thread and a test
 * thread may use it together.
 */
public final class SimulatedScale {

    /** Whether the indication is a valid weight. */
    public enum Condition { OK, OVERLOAD, UNDERLOAD }

    /** What an operation asked of the scale came to, in the terms MT-SICS answers with. */
    public enum Outcome { DONE, NOT_STABLE, OVERLOAD, UNDERLOAD }

    /**
     * One look at the display.
     *
     * @param netGrams the displayed net value in grams, a multiple of the division d (meaningless unless OK)
     * @param stable   false while the indication is still moving after a load change
     */
    public record Indication(BigDecimal netGrams, boolean stable, Condition condition) {
        public Indication {
            Objects.requireNonNull(netGrams, "netGrams must not be null");
            Objects.requireNonNull(condition, "condition must not be null");
        }
    }

    /** Noise while the load settles, as a multiple of the resting noise: a pan in motion swings far more. */
    private static final double MOTION_NOISE_FACTOR = 5;
    /** Zeroing is allowed within ±2 % of capacity around the power-on zero (OIML R76 zero-setting range). */
    private static final double ZERO_RANGE_FRACTION = 0.02;
    /** Below power-on zero by more than this many divisions the scale shows underload. */
    private static final int UNDERLOAD_DIVISIONS = 20;

    private final BigDecimal capacityGrams;
    private final BigDecimal verificationIntervalGrams;
    private final BigDecimal divisionGrams;
    private final double noiseSdGrams;
    private final long settlingNanos;
    private final LongSupplier nanoTime;
    private final Random random;

    private double loadGrams;
    private double motionStartGrams;
    private long loadChangedAt;
    private double zeroOffsetGrams;
    private BigDecimal tareGrams = BigDecimal.ZERO;
    private double driftGramsPerSecond;
    private long driftSince;
    private double spanError;
    private double repeatabilitySdGrams;
    private double loadingOffsetGrams;
    private double eccentricity;
    private double positionX;
    private double positionY;

    /**
     * @param capacityGrams             Max, in grams
     * @param verificationIntervalGrams e, in grams; overload starts above Max + 9e
     * @param divisionGrams             d, in grams; every indication is a multiple of it
     * @param noiseSdGrams              standard deviation of the resting noise, in grams
     * @param settlingTime              how long the indication moves after a load change
     * @param nanoTime                  the time source, e.g. {@code System::nanoTime}
     * @param random                    noise source; seed it for repeatable runs
     */
    public SimulatedScale(BigDecimal capacityGrams, BigDecimal verificationIntervalGrams, BigDecimal divisionGrams,
                          double noiseSdGrams, Duration settlingTime, LongSupplier nanoTime, Random random) {
        this.capacityGrams = positive(capacityGrams, "capacityGrams");
        this.verificationIntervalGrams = positive(verificationIntervalGrams, "verificationIntervalGrams");
        this.divisionGrams = positive(divisionGrams, "divisionGrams");
        if (divisionGrams.compareTo(verificationIntervalGrams) > 0) {
            throw new IllegalArgumentException("divisionGrams must be <= verificationIntervalGrams, was: "
                    + divisionGrams + " > " + verificationIntervalGrams);
        }
        if (!Double.isFinite(noiseSdGrams) || noiseSdGrams < 0) {
            throw new IllegalArgumentException("noiseSdGrams must be >= 0, was: " + noiseSdGrams);
        }
        this.noiseSdGrams = noiseSdGrams;
        Objects.requireNonNull(settlingTime, "settlingTime must not be null");
        if (settlingTime.isNegative()) {
            throw new IllegalArgumentException("settlingTime must be >= 0, was: " + settlingTime);
        }
        this.settlingNanos = settlingTime.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
        this.random = Objects.requireNonNull(random, "random must not be null");
        this.loadChangedAt = nanoTime.getAsLong() - settlingNanos;
    }

    /**
     * A precious-metals balance with noise 0.3·d and 1.5 s settling, on the system clock.
     */
    public static SimulatedScale of(BigDecimal capacityGrams, BigDecimal verificationIntervalGrams,
                                    BigDecimal divisionGrams, long seed) {
        return new SimulatedScale(capacityGrams, verificationIntervalGrams, divisionGrams,
                0.3 * divisionGrams.doubleValue(), Duration.ofMillis(1500), System::nanoTime, new Random(seed));
    }

    public BigDecimal capacityGrams() {
        return capacityGrams;
    }

    public BigDecimal divisionGrams() {
        return divisionGrams;
    }

    /** Puts a new true load on the pan; the indication starts moving from where it was. */
    public synchronized void setLoad(BigDecimal grams) {
        Objects.requireNonNull(grams, "grams must not be null");
        long now = nanoTime.getAsLong();
        motionStartGrams = grossAt(now);
        driftSince = now;
        loadGrams = grams.doubleValue();
        // A sticky mechanism lands each loading somewhere else: that is what repeated loadings reveal.
        loadingOffsetGrams = grams.signum() == 0 || repeatabilitySdGrams == 0 ? 0
                : random.nextGaussian() * repeatabilitySdGrams;
        loadChangedAt = now;
    }

    /**
     * Makes the scale biased: it shows {@code relative} too much of every load (a span error; 2e-4 shows
     * 1000.2 g for 1000 g). Zeroing does not remove it; 0 restores the scale.
     */
    public synchronized void setSpanError(double relative) {
        if (!Double.isFinite(relative) || Math.abs(relative) > 0.1) {
            throw new IllegalArgumentException("relative span error must be within ±0.1, was: " + relative);
        }
        spanError = relative;
    }

    /** Makes the scale non-repeatable: each loading lands off by a random amount with this standard deviation. */
    public synchronized void setRepeatabilitySd(double grams) {
        if (!Double.isFinite(grams) || grams < 0) {
            throw new IllegalArgumentException("repeatability sd grams must be >= 0, was: " + grams);
        }
        repeatabilitySdGrams = grams;
    }

    /**
     * Makes the scale eccentric: a load at a corner (x = ±1, y = ±1) shows {@code relative} of it too much (or
     * too little on the opposite side), in proportion to (x + y) / 2; 0 restores the scale.
     */
    public synchronized void setEccentricity(double relative) {
        if (!Double.isFinite(relative) || Math.abs(relative) > 0.1) {
            throw new IllegalArgumentException("relative eccentricity must be within ±0.1, was: " + relative);
        }
        eccentricity = relative;
    }

    /** Where the load stands on the pan: x from -1 (left) to 1 (right), y from -1 (front) to 1 (back). */
    public synchronized void setLoadPosition(double x, double y) {
        if (!(Math.abs(x) <= 1) || !(Math.abs(y) <= 1)) {
            throw new IllegalArgumentException("load position x and y must be within -1..1, were: " + x + ", " + y);
        }
        positionX = x;
        positionY = y;
    }

    /** Lets the indication come to rest at once, as if the settling time had passed (a patient technician). */
    public synchronized void settle() {
        long now = nanoTime.getAsLong();
        if (now - loadChangedAt < settlingNanos) {
            loadChangedAt = now - settlingNanos;
        }
    }

    /**
     * Makes the indication creep by this many grams per second from now on (a warming load cell, a draught);
     * 0 stops it. The drift accumulated so far stays.
     */
    public synchronized void setDrift(double gramsPerSecond) {
        if (!Double.isFinite(gramsPerSecond)) {
            throw new IllegalArgumentException("gramsPerSecond must be finite, was: " + gramsPerSecond);
        }
        long now = nanoTime.getAsLong();
        loadGrams += driftSoFar(now);
        motionStartGrams += driftSoFar(now);
        driftGramsPerSecond = gramsPerSecond;
        driftSince = now;
    }

    private double driftSoFar(long now) {
        return driftGramsPerSecond == 0 ? 0 : driftGramsPerSecond * (now - driftSince) / 1e9;
    }

    public synchronized boolean isStable() {
        return nanoTime.getAsLong() - loadChangedAt >= settlingNanos;
    }

    /** What the display shows now: net of zero and tare, noisy, quantised to d. */
    public synchronized Indication indication() {
        long now = nanoTime.getAsLong();
        boolean stable = now - loadChangedAt >= settlingNanos;
        double gross = grossAt(now);
        Condition condition = condition(gross);
        double noise = random.nextGaussian() * noiseSdGrams * (stable ? 1 : MOTION_NOISE_FACTOR);
        BigDecimal net = quantise(gross + noise - zeroOffsetGrams).subtract(tareGrams);
        return new Indication(net, stable, condition);
    }

    /** Sets zero at the present load, clearing the tare, if the scale rests within the zero-setting range. */
    public synchronized Outcome zero() {
        long now = nanoTime.getAsLong();
        if (now - loadChangedAt < settlingNanos) {
            return Outcome.NOT_STABLE;
        }
        double gross = grossAt(now);
        double range = ZERO_RANGE_FRACTION * capacityGrams.doubleValue();
        if (gross > range) {
            return Outcome.OVERLOAD;
        }
        if (gross < -range) {
            return Outcome.UNDERLOAD;
        }
        zeroOffsetGrams = gross;
        tareGrams = BigDecimal.ZERO;
        return Outcome.DONE;
    }

    /** Takes the present gross as tare, if the scale rests and is within range. */
    public synchronized Outcome tare() {
        long now = nanoTime.getAsLong();
        if (now - loadChangedAt < settlingNanos) {
            return Outcome.NOT_STABLE;
        }
        double gross = grossAt(now);
        switch (condition(gross)) {
            case OVERLOAD: return Outcome.OVERLOAD;
            case UNDERLOAD: return Outcome.UNDERLOAD;
            default:
        }
        BigDecimal value = quantise(gross - zeroOffsetGrams);
        if (value.signum() < 0) {
            return Outcome.UNDERLOAD;
        }
        tareGrams = value;
        return Outcome.DONE;
    }

    /** The tare in grams, a multiple of d; zero when none is set. */
    public synchronized BigDecimal tareGrams() {
        return tareGrams;
    }

    /** Sets a preset tare, e.g. a known container weight. */
    public synchronized void setTare(BigDecimal grams) {
        Objects.requireNonNull(grams, "grams must not be null");
        if (grams.signum() < 0 || grams.compareTo(capacityGrams) > 0) {
            throw new IllegalArgumentException("tare grams must be within 0..capacity, was: " + grams);
        }
        tareGrams = quantise(grams.doubleValue());
    }

    public synchronized void clearTare() {
        tareGrams = BigDecimal.ZERO;
    }

    /** Noise-free gross load the mechanism shows at {@code now}: eases from the old load to the new one. */
    private double grossAt(long now) {
        long elapsed = now - loadChangedAt;
        double shown = loadGrams * (1 + spanError + eccentricity * (positionX + positionY) / 2) + loadingOffsetGrams;
        if (settlingNanos == 0 || elapsed >= settlingNanos) {
            return shown + driftSoFar(now);
        }
        double t = (double) elapsed / settlingNanos;
        double remaining = (1 - t) * (1 - t);
        return shown + (motionStartGrams - shown) * remaining + driftSoFar(now);
    }

    private Condition condition(double grossGrams) {
        double max = capacityGrams.add(verificationIntervalGrams.multiply(BigDecimal.valueOf(9))).doubleValue();
        if (grossGrams > max) {
            return Condition.OVERLOAD;
        }
        if (grossGrams < -UNDERLOAD_DIVISIONS * divisionGrams.doubleValue()) {
            return Condition.UNDERLOAD;
        }
        return Condition.OK;
    }

    /** Rounds to the nearest multiple of d, printed with d's decimals (d = 0.01 g gives 1000.00). */
    private BigDecimal quantise(double grams) {
        BigDecimal steps = BigDecimal.valueOf(grams).divide(divisionGrams, 0, RoundingMode.HALF_EVEN);
        return steps.multiply(divisionGrams).setScale(Math.max(0, divisionGrams.stripTrailingZeros().scale()),
                RoundingMode.UNNECESSARY);
    }

    private static BigDecimal positive(BigDecimal value, String field) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was: " + value);
        }
        return value;
    }
}
