package org.touchstone.agent.inspection;

import java.util.ArrayList;
import java.util.List;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.drivers.reading.XrfReading;

/** Everything measured on one declared item so far. Mutable, owned by the inspection desk's thread. */
public final class ItemEvidence {
    private final DeclaredItem item;
    private final List<Weighing> weighings = new ArrayList<>();
    private final List<XrfShot> xrfShots = new ArrayList<>();
    /** Bumped by every change, so an assessment of this item can be reused until the evidence changes. */
    private long version;
    /** The last assessment of this item, with the version it saw (the assessor's own record; see Assessor). */
    private volatile Object assessmentMemo;

    public ItemEvidence(DeclaredItem item) {
        this.item = item;
    }

    public DeclaredItem item() {
        return item;
    }

    public List<Weighing> weighings() {
        return List.copyOf(weighings);
    }

    /** The shots' readings, in order. */
    public List<XrfReading> xrfShots() {
        return xrfShots.stream().map(XrfShot::reading).toList();
    }

    /** The shots with the trust in their analyzer, in order. */
    public List<XrfShot> shots() {
        return List.copyOf(xrfShots);
    }

    public void addWeighing(Weighing w) {
        weighings.add(w);
        version++;
    }

    /** Changes with every added or replaced weighing or shot. */
    public long version() {
        return version;
    }

    /** What the assessor kept of its last look at this item (opaque here), or null. */
    public Object assessmentMemo() {
        return assessmentMemo;
    }

    public void assessmentMemo(Object memo) {
        this.assessmentMemo = memo;
    }

    /** Replaces a weighing by the same weighing confirmed by more stable polls. */
    public void replaceLastWeighingOf(Weighing old, Weighing confirmed) {
        int i = weighings.lastIndexOf(old);
        if (i >= 0) {
            weighings.set(i, confirmed);
            version++;
        }
    }

    public void addXrfShot(XrfShot shot) {
        xrfShots.add(shot);
        version++;
    }
}
