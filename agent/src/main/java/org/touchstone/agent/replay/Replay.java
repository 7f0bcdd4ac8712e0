package org.touchstone.agent.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.touchstone.agent.InspectionDesk;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.TrustLookup;
import org.touchstone.agent.assessment.AssessmentPolicy;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.drivers.reading.Reading;

/**
 * Assesses a recorded inspection offline with the same desk and engine the live agent uses, then closes it: what
 * was never measured becomes a finding. Each reading's device trust is what its line recorded (UNKNOWN if none).
 */
public final class Replay {

    private final AssessmentPolicy policy;
    private final Map<String, ScaleMetrology> scales;

    public Replay(AssessmentPolicy policy, Map<String, ScaleMetrology> scales) {
        this.policy = policy;
        this.scales = Map.copyOf(scales);
    }

    /** The final verdict, and the readings the desk could not bind (with the reason). */
    public record Result(Verdict verdict, List<String> unbound) {
    }

    public Result run(Declaration declaration, List<RecordedReadings.Line> lines) {
        Instant end = lines.isEmpty() ? Instant.EPOCH : lines.get(lines.size() - 1).reading().receivedAt();
        List<String> unbound = new ArrayList<>();
        InspectionDesk desk = new InspectionDesk(new Assessor(policy), scales, TrustLookup.none(), Clock.fixed(end, ZoneOffset.UTC),
                new InspectionDesk.Listener() {
                    @Override
                    public void readingUnbound(Reading reading, String reason) {
                        unbound.add(reading.deviceId() + ": " + reason);
                    }
                });
        desk.open(declaration);
        for (RecordedReadings.Line line : lines) {
            desk.setMedium(line.medium());
            desk.accept(line.reading(), line.trust());
        }
        return new Result(desk.close(declaration.declarationId()), unbound);
    }
}
