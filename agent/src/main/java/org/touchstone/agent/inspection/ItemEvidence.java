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
    }

    /** Replaces a weighing by the same weighing confirmed by more stable polls. */
    public void replaceLastWeighingOf(Weighing old, Weighing confirmed) {
        int i = weighings.lastIndexOf(old);
        if (i >= 0) {
            weighings.set(i, confirmed);
        }
    }

    public void addXrfShot(XrfShot shot) {
        xrfShots.add(shot);
    }
}
