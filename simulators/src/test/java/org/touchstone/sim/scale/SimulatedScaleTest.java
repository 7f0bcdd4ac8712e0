package org.touchstone.sim.scale;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scale physics on a hand-stepped clock: deterministic, no I/O. */
class SimulatedScaleTest {

    private static final BigDecimal D = new BigDecimal("0.01");
    private final AtomicLong now = new AtomicLong();
    private final SimulatedScale scale = new SimulatedScale(new BigDecimal("2200"), new BigDecimal("0.1"), D,
            0.3 * 0.01, Duration.ofMillis(1500), now::get, new Random(7));

    @Test
    void loadChange_inMotionUntilSettlingTimeThenStableNearLoad() {
        scale.setLoad(new BigDecimal("1000.00"));
        now.addAndGet(Duration.ofMillis(500).toNanos());
        SimulatedScale.Indication moving = scale.indication();
        assertFalse(moving.stable());
        assertTrue(moving.netGrams().compareTo(new BigDecimal("999")) < 0, "still on its way: " + moving);

        now.addAndGet(Duration.ofMillis(1000).toNanos());
        for (int i = 0; i < 100; i++) {
            SimulatedScale.Indication resting = scale.indication();
            assertTrue(resting.stable());
            assertEquals(2, resting.netGrams().scale(), "quantised to d = 0.01 g");
            assertTrue(resting.netGrams().subtract(new BigDecimal("1000.00")).abs().compareTo(new BigDecimal("0.03")) <= 0,
                    "within 3 d of the load: " + resting);
        }
    }

    @Test
    void sameSeedSameTime_sameIndications() {
        SimulatedScale twin = new SimulatedScale(new BigDecimal("2200"), new BigDecimal("0.1"), D, 0.003,
                Duration.ofMillis(1500), now::get, new Random(7));
        scale.setLoad(new BigDecimal("12.5"));
        twin.setLoad(new BigDecimal("12.5"));
        for (int i = 0; i < 40; i++) {
            now.addAndGet(Duration.ofMillis(50).toNanos());
            assertEquals(scale.indication(), twin.indication());
        }
    }

    @Test
    void aboveCapacityPlusNineE_overload() {
        scale.setLoad(new BigDecimal("2201"));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(SimulatedScale.Condition.OVERLOAD, scale.indication().condition());
        scale.setLoad(new BigDecimal("2200.5"));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(SimulatedScale.Condition.OK, scale.indication().condition(), "Max + 9e is still weighed");
    }

    @Test
    void tareThenAddLoad_indicatesNetOfTare() {
        scale.setLoad(new BigDecimal("50.00"));
        assertEquals(SimulatedScale.Outcome.NOT_STABLE, scale.tare(), "tare waits for rest");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(SimulatedScale.Outcome.DONE, scale.tare());
        assertEquals(new BigDecimal("50.00"), scale.tareGrams());
        scale.setLoad(new BigDecimal("150.00"));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        BigDecimal net = scale.indication().netGrams();
        assertTrue(net.subtract(new BigDecimal("100.00")).abs().compareTo(new BigDecimal("0.03")) <= 0, "net " + net);
    }

    @Test
    void zeroOutsideTwoPercentOfCapacity_refusedAsOverload() {
        scale.setLoad(new BigDecimal("100"));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(SimulatedScale.Outcome.OVERLOAD, scale.zero());
        scale.setLoad(new BigDecimal("0.50"));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(SimulatedScale.Outcome.DONE, scale.zero());
        BigDecimal net = scale.indication().netGrams();
        assertTrue(net.abs().compareTo(new BigDecimal("0.03")) <= 0, "zeroed: " + net);
    }
}
