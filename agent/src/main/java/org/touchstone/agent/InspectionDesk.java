package org.touchstone.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.touchstone.agent.assessment.Assessor;
import org.touchstone.agent.assessment.Selectivity;
import org.touchstone.agent.metrology.ScaleMetrology;
import org.touchstone.agent.assessment.Verdict;
import org.touchstone.agent.calibration.DeviceTrust;
import org.touchstone.agent.calibration.TrustLookup;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.inspection.ItemEvidence;
import org.touchstone.agent.inspection.Weighing;
import org.touchstone.agent.inspection.XrfShot;
import org.touchstone.drivers.reading.Reading;
import org.touchstone.drivers.reading.WeightReading;
import org.touchstone.drivers.reading.XrfReading;

/**
 * The inspection bench: open inspections, the item the inspector is working on, and the binding of each reading
 * to an item. It turns a scale's stream of polls into weighings, re-assesses the inspection on every new piece of
 * evidence and reports a verdict whenever the decision changes.
 *
 * <p>Not thread-safe by design: the agent calls it from one thread, so the order of events is the order of
 * decisions.
 */
public final class InspectionDesk {

    /** What the desk tells the rest of the agent. */
    public interface Listener {
        default void inspectionOpened(Inspection inspection) {
        }

        default void weighingRecorded(Inspection inspection, String itemId, Weighing weighing) {
        }

        default void xrfShotRecorded(Inspection inspection, String itemId, XrfShot shot) {
        }

        default void readingUnbound(Reading reading, String reason) {
        }

        default void verdictChanged(Verdict verdict, Verdict previous) {
        }

        /**
         * The pan emptied after the selected item was weighed: the selection is spent for weighing, and the next
         * load waits for a selection (XRF shots without a label still go to the selected item).
         */
        default void selectionWeighed(ItemRef item, String deviceId) {
        }
    }

    /** An item addressed across inspections. */
    public record ItemRef(String declarationId, String itemId) {
        @Override
        public String toString() {
            return declarationId + "/" + itemId;
        }
    }

    private final Assessor assessor;
    private final Map<String, ScaleMetrology> scales;
    private final TrustLookup trust;
    private final Clock clock;
    private final Listener listener;
    private final Map<String, Inspection> inspections = new LinkedHashMap<>();
    private final Map<String, Verdict> verdicts = new HashMap<>();
    /** The risk profile's rules each open inspection was opened under (none: absent). */
    private final Map<String, List<Selectivity>> selectivity = new HashMap<>();
    private final Map<String, Plateau> plateaus = new HashMap<>();
    /** The declarations of the last inspections opened, closed ones included, for the messages that describe them. */
    private final Map<String, Declaration> recentDeclarations = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Declaration> eldest) {
            return size() > RECENT_DECLARATIONS;
        }
    };
    private static final int RECENT_DECLARATIONS = 4096;
    /** The tests recorded lately (analyzer and test number to the item they went to), closed inspections' too. */
    private final Map<ShotKey, String> recentShots = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ShotKey, String> eldest) {
            return size() > RECENT_SHOTS;
        }
    };
    private static final int RECENT_SHOTS = 65_536;
    private ItemRef activeItem;
    private Weighing.Medium activeMedium = Weighing.Medium.AIR;
    /** True once the selected item was weighed and taken off the pan: a new load needs a new selection. */
    private boolean selectionWeighed;
    /** Per scale: the selection a load now on its pan was weighed for (cleared when the pan empties). */
    private final Map<String, ItemRef> weighedForSelection = new HashMap<>();
    /** Per scale: the unbound load last reported, so a load sitting on the pan is reported once, not at every poll. */
    private final Map<String, UnboundLoad> unboundLoads = new HashMap<>();
    /** The last inspections closed in this run (bounded): a reading that names one is refused saying so. */
    private final java.util.Set<String> closedIds = java.util.Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 4096;
                }
            });

    private record UnboundLoad(double grams, String reason) {
    }

    /** The weighing a scale is currently showing, and the item it was bound to. */
    private record Plateau(Inspection inspection, ItemEvidence item, Weighing weighing) {
    }

    /**
     * @param trust says how far each device was trusted when a reading was taken; the reading keeps it
     */
    public InspectionDesk(Assessor assessor, Map<String, ScaleMetrology> scales, TrustLookup trust, Clock clock,
                          Listener listener) {
        this.assessor = assessor;
        this.scales = Map.copyOf(scales);
        this.trust = trust;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Opens an inspection for a declaration.
     *
     * @throws IllegalStateException when an inspection with that declaration id is already open
     */
    public Inspection open(Declaration declaration) {
        return open(declaration, List.of());
    }

    /**
     * Opens an inspection under the selectivity rules headquarters' risk profile applies to its declaration; they
     * stay with the inspection until it closes.
     */
    public Inspection open(Declaration declaration, List<Selectivity> rules) {
        if (inspections.containsKey(declaration.declarationId())) {
            throw new IllegalStateException("declaration " + declaration.declarationId() + " is already under inspection");
        }
        Inspection inspection = new Inspection(declaration, clock.instant());
        inspections.put(inspection.id(), inspection);
        recentDeclarations.put(inspection.id(), declaration);
        keepRules(inspection.id(), rules);
        listener.inspectionOpened(inspection);
        // The declaration alone can already show findings (form against heading, bar specifications, value).
        reassess(inspection);
        return inspection;
    }

    /**
     * Closes an inspection: no more readings will come, so what is missing becomes a finding. Returns the final
     * verdict, reported to the listener if it changed the decision.
     *
     * @throws IllegalArgumentException when no inspection with that id is open
     */
    public Verdict close(String declarationId) {
        Inspection inspection = inspections.remove(declarationId);
        if (inspection == null) {
            throw new IllegalArgumentException("no open inspection for declaration '" + declarationId + "'");
        }
        plateaus.values().removeIf(p -> p.inspection() == inspection);
        closedIds.add(declarationId);
        if (activeItem != null && activeItem.declarationId().equals(declarationId)) {
            activeItem = null;
            selectionWeighed = false;
        }
        Verdict verdict = assessor.assess(inspection, rulesOf(declarationId), clock.instant(), true);
        selectivity.remove(declarationId);
        Verdict previous = verdicts.put(declarationId, verdict);
        if (!verdict.sameDecisionAs(previous)) {
            listener.verdictChanged(verdict, previous);
        }
        return verdict;
    }

    public boolean isOpen(String declarationId) {
        return inspections.containsKey(declarationId);
    }

    /**
     * Makes an item the one on the bench: readings that name no item go to it.
     *
     * @throws IllegalArgumentException when no open inspection has that item
     */
    public void setActiveItem(String declarationId, String itemId) {
        setActiveItem(declarationId, itemId, Weighing.Medium.AIR);
    }

    /**
     * Makes an item the one on the bench, weighed in {@code medium} (water for a hydrostatic weighing).
     *
     * @throws IllegalArgumentException when no open inspection has that item
     */
    public void setActiveItem(String declarationId, String itemId, Weighing.Medium medium) {
        Inspection inspection = inspections.get(declarationId);
        if (inspection == null) {
            throw new IllegalArgumentException("no open inspection for declaration '" + declarationId + "'");
        }
        if (inspection.item(itemId).isEmpty()) {
            throw new IllegalArgumentException("declaration " + declarationId + " has no item '" + itemId + "'");
        }
        // A load already on the pan stays with the item it was weighed for; the next plateau is this item's.
        activeItem = new ItemRef(declarationId, itemId);
        activeMedium = medium == null ? Weighing.Medium.AIR : medium;
        selectionWeighed = false;
        // A load reported unbound is weighed for this item at its next stable poll, and said so.
        unboundLoads.clear();
    }

    /** The medium the next weighings are taken in, whatever item they are bound to (the replay sets it per line). */
    public void setMedium(Weighing.Medium medium) {
        activeMedium = medium == null ? Weighing.Medium.AIR : medium;
    }

    public ItemRef activeItem() {
        return activeItem;
    }

    /** Whether the selected item was weighed and taken off the pan, so that the next load waits for a selection. */
    public boolean selectionWeighed() {
        return selectionWeighed;
    }

    public Verdict verdict(String declarationId) {
        return verdicts.get(declarationId);
    }

    /** The declaration of an open or recently closed inspection (the last 4 096 opened), or null. Desk thread only. */
    public Declaration declaration(String declarationId) {
        return recentDeclarations.get(declarationId);
    }

    public List<Inspection> inspections() {
        return new ArrayList<>(inspections.values());
    }

    /** Takes a reading with the trust its device had when the reading was received. */
    public void accept(Reading reading) {
        accept(reading, trust.trustAt(reading.deviceId(), reading.receivedAt()));
    }

    /** Takes a reading whose device trust is known already (a replay's recorded readings carry it). */
    public void accept(Reading reading, DeviceTrust deviceTrust) {
        if (reading instanceof WeightReading w) {
            acceptWeight(w, deviceTrust);
        } else if (reading instanceof XrfReading x) {
            acceptXrf(x, deviceTrust);
        }
    }

    private void acceptWeight(WeightReading w, DeviceTrust deviceTrust) {
        ScaleMetrology metrology = scales.get(w.deviceId());
        if (metrology == null) {
            unbound(w, 0, "scale '" + w.deviceId() + "' is not configured");
            return;
        }
        Plateau current = plateaus.get(w.deviceId());
        if (!w.stable()) {
            plateaus.remove(w.deviceId());
            return;
        }
        double grams = w.grams().doubleValue();
        if (Math.abs(grams) < metrology.minimumLoadGrams()) {
            // Empty pan (or a load too small for this scale): nothing to bind, and the next load is a new weighing.
            plateaus.remove(w.deviceId());
            unboundLoads.remove(w.deviceId());
            ItemRef weighedFor = weighedForSelection.remove(w.deviceId());
            if (weighedFor != null && weighedFor.equals(activeItem) && !selectionWeighed) {
                // The item was taken off: it is done. The next load is not silently added to it.
                selectionWeighed = true;
                listener.selectionWeighed(activeItem, w.deviceId());
            }
            return;
        }
        if (grams < 0) {
            // A stable negative net weight is a scale tared with a load on it, or a load lifted: not a weighing.
            plateaus.remove(w.deviceId());
            unbound(w, 2 * metrology.verificationIntervalGrams().doubleValue(), "a negative net weight ("
                    + w.value().toPlainString() + " " + w.unit().symbol() + ") is not a weighing: empty the pan and "
                    + "tare the scale");
            return;
        }
        double sameLoad = 2 * metrology.verificationIntervalGrams().doubleValue();
        // A reading that names its item starts a new weighing when the item changes; one bound to the active item
        // stays with the load already on the pan.
        boolean namesOtherItem = current != null && w.itemId() != null && !w.itemId().isBlank()
                && bind(w.itemId(), false).item() != current.item();
        if (current != null && !namesOtherItem && Math.abs(grams - current.weighing().grams()) <= sameLoad) {
            Weighing confirmed = current.weighing().confirmedOnceMore();
            current.item().replaceLastWeighingOf(current.weighing(), confirmed);
            plateaus.put(w.deviceId(), new Plateau(current.inspection(), current.item(), confirmed));
            return;
        }
        Bound bound = bind(w.itemId(), true);
        if (bound.item == null) {
            plateaus.remove(w.deviceId());
            unbound(w, sameLoad, bound.reason);
            return;
        }
        unboundLoads.remove(w.deviceId());
        if (w.itemId() == null || w.itemId().isBlank()) {
            weighedForSelection.put(w.deviceId(), activeItem);
        }
        Weighing weighing = new Weighing(w.withItemId(bound.ref().toString()), metrology, 1, activeMedium,
                deviceTrust);
        bound.item.addWeighing(weighing);
        plateaus.put(w.deviceId(), new Plateau(bound.inspection, bound.item, weighing));
        listener.weighingRecorded(bound.inspection, bound.item.item().itemId(), weighing);
        reassess(bound.inspection);
    }

    /**
     * Reports a weight reading that cannot be bound, once per load: a scale polled four times a second while a
     * load sits on an unselected pan says so once, and again only when the load or the reason changes.
     */
    private void unbound(WeightReading w, double sameLoad, String reason) {
        double grams = w.grams().doubleValue();
        UnboundLoad last = unboundLoads.get(w.deviceId());
        if (last != null && last.reason().equals(reason) && (sameLoad == 0 || Math.abs(grams - last.grams()) <= sameLoad)) {
            return;
        }
        unboundLoads.put(w.deviceId(), new UnboundLoad(grams, reason));
        listener.readingUnbound(w, reason);
    }

    private void acceptXrf(XrfReading x, DeviceTrust deviceTrust) {
        String repeated = repeatOf(x);
        if (repeated != null) {
            // The same test reached the agent twice (a regenerated export, a gateway's retry, two paths): it is
            // journaled as a repeat and counted once, or it would shrink the uncertainty it does not reduce.
            listener.readingUnbound(x, "repeat of " + repeated + ", already recorded: not counted again");
            return;
        }
        // Shots are taken off the pan: they go to the selected item even once it was weighed and taken off.
        Bound bound = bind(x.itemId(), false);
        if (bound.item == null) {
            listener.readingUnbound(x, bound.reason);
            return;
        }
        XrfShot shot = new XrfShot(x.withItemId(bound.ref().toString()), deviceTrust);
        bound.item.addXrfShot(shot);
        ShotKey key = shotKey(x);
        if (key != null) {
            recentShots.put(key, bound.ref().toString());
        }
        listener.xrfShotRecorded(bound.inspection, bound.item.item().itemId(), shot);
        reassess(bound.inspection);
    }

    /**
     * An analyzer's test is identified by its serial (or, when the analyzer does not send one, the device it is
     * configured as), its test number and, when the analyzer states it, the test's start (so a counter reset on the
     * analyzer does not make new tests look like old ones); a shot without a test number cannot be told apart.
     */
    private record ShotKey(String analyzer, String testNumber, java.time.Instant startedAt) {
    }

    private static ShotKey shotKey(XrfReading x) {
        if (x.testNumber() == null || x.testNumber().isBlank()) {
            return null;
        }
        String analyzer = x.analyzerSerial() != null && !x.analyzerSerial().isBlank() ? x.analyzerSerial()
                : x.deviceId();
        return new ShotKey(analyzer, x.testNumber().strip(), x.startedAt());
    }

    /** Names the earlier recording of the same test (open inspections, restored ones included, and recent ones). */
    private String repeatOf(XrfReading x) {
        ShotKey key = shotKey(x);
        if (key == null) {
            return null;
        }
        String recent = recentShots.get(key);
        String where = recent;
        if (where == null) {
            for (Inspection inspection : inspections.values()) {
                for (ItemEvidence item : inspection.items()) {
                    for (XrfShot shot : item.shots()) {
                        if (key.equals(shotKey(shot.reading()))) {
                            where = inspection.id() + "/" + item.item().itemId();
                        }
                    }
                }
            }
        }
        if (where == null) {
            return null;
        }
        String analyzer = x.analyzerSerial() != null && !x.analyzerSerial().isBlank() ? "analyzer " + x.analyzerSerial()
                : x.deviceId();
        return "test " + x.testNumber() + " of " + analyzer + " (item " + where + ")";
    }

    private record Bound(Inspection inspection, ItemEvidence item, String reason) {
        ItemRef ref() {
            return new ItemRef(inspection.id(), item.item().itemId());
        }
    }

    /**
     * Finds the item a reading belongs to: {@code DECLARATION/ITEM}, a bare item id that exactly one open
     * inspection has, or (when the reading names none) the active item.
     *
     * @param newLoad true for a new load on a scale: once the selected item was weighed and taken off the pan, a new
     *                load waits for a selection
     */
    private Bound bind(String label, boolean newLoad) {
        if (label == null || label.isBlank()) {
            if (activeItem == null) {
                return new Bound(null, null, "the reading names no item and no item is active on the bench");
            }
            if (newLoad && selectionWeighed) {
                return new Bound(null, null, "item " + activeItem + " was weighed and taken off the pan: this load"
                        + " waits for a selection");
            }
            return resolve(activeItem.declarationId(), activeItem.itemId());
        }
        int slash = label.indexOf('/');
        if (slash > 0) {
            return resolve(label.substring(0, slash), label.substring(slash + 1));
        }
        List<Inspection> having = inspections.values().stream().filter(i -> i.item(label).isPresent()).toList();
        if (having.size() == 1) {
            return resolve(having.get(0).id(), label);
        }
        return new Bound(null, null, having.isEmpty()
                ? "no open inspection has an item '" + label + "'"
                : "item '" + label + "' exists in " + having.size() + " open inspections; label it DECLARATION/ITEM");
    }

    private Bound resolve(String declarationId, String itemId) {
        Inspection inspection = inspections.get(declarationId);
        if (inspection == null) {
            return new Bound(null, null, closedIds.contains(declarationId)
                    ? "inspection " + declarationId + " is closed: it takes no more readings"
                    : "no open inspection for declaration '" + declarationId + "'");
        }
        return inspection.item(itemId).map(item -> new Bound(inspection, item, null))
                .orElseGet(() -> new Bound(null, null, "declaration " + declarationId + " has no item '" + itemId + "'"));
    }

    private void reassess(Inspection inspection) {
        Verdict verdict = assessor.assess(inspection, rulesOf(inspection.id()), clock.instant(), false);
        Verdict previous = verdicts.put(inspection.id(), verdict);
        if (!verdict.sameDecisionAs(previous)) {
            listener.verdictChanged(verdict, previous);
        }
    }

    /**
     * Puts back an inspection the journal shows open after a restart. The caller adds its recorded evidence, then
     * calls {@link #settle(String)}; nothing is reported, because it was reported before the restart.
     */
    public Inspection restore(Declaration declaration, java.time.Instant openedAt) {
        return restore(declaration, openedAt, List.of());
    }

    /** {@link #restore(Declaration, java.time.Instant)} with the risk-profile rules it was opened under. */
    public Inspection restore(Declaration declaration, java.time.Instant openedAt, List<Selectivity> rules) {
        Inspection inspection = new Inspection(declaration, openedAt);
        inspections.put(inspection.id(), inspection);
        recentDeclarations.put(inspection.id(), declaration);
        keepRules(inspection.id(), rules);
        return inspection;
    }

    /** The risk-profile rules an open inspection was opened under. */
    public List<Selectivity> rulesOf(String declarationId) {
        return selectivity.getOrDefault(declarationId, List.of());
    }

    private void keepRules(String declarationId, List<Selectivity> rules) {
        if (rules != null && !rules.isEmpty()) {
            selectivity.put(declarationId, List.copyOf(rules));
        }
    }

    /**
     * Decides a restored inspection from its evidence and reports the verdict when it differs from the one the
     * journal last published ({@code lastPublished}, null when none was): after a restart, what was published stands
     * and only a difference is reported, never a silent recomputation.
     *
     * @return the verdict now
     */
    public Verdict settle(String declarationId, Verdict lastPublished) {
        Inspection inspection = inspections.get(declarationId);
        Verdict verdict = assessor.assess(inspection, rulesOf(declarationId), clock.instant(), false);
        verdicts.put(declarationId, verdict);
        if (!verdict.sameDecisionAs(lastPublished)) {
            listener.verdictChanged(verdict, lastPublished);
        }
        return verdict;
    }

    /** Recomputes a restored inspection's verdict without reporting it. */
    public Verdict settle(String declarationId) {
        Inspection inspection = inspections.get(declarationId);
        Verdict verdict = assessor.assess(inspection, rulesOf(declarationId), clock.instant(), false);
        verdicts.put(declarationId, verdict);
        return verdict;
    }
}
