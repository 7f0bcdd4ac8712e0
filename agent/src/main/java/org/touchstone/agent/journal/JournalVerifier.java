package org.touchstone.agent.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the hash chain of a journal and names the first record that was altered, removed or inserted.
 */
public final class JournalVerifier {

    /** The outcome: ok, how many records were checked, and the first break in words (null when ok). */
    public record Result(boolean ok, long records, Long firstBadSeq, String problem) {
    }

    private JournalVerifier() {
    }

    public static Result verify(Journal journal) {
        long expectedSeq = journal.anchorFirstSeq();
        String expectedPrev = journal.anchorPrevHash();
        List<String> problems = new ArrayList<>();
        long[] checked = {0};
        long[] firstBad = {-1};
        long[] seq = {expectedSeq};
        String[] prev = {expectedPrev};
        journal.forEach(r -> {
            if (firstBad[0] >= 0) {
                return;
            }
            checked[0]++;
            if (r.seq() != seq[0]) {
                fail(firstBad, problems, r.seq() > seq[0] ? seq[0] : r.seq(), r.seq() > seq[0]
                        ? "record " + seq[0] + (r.seq() - seq[0] > 1 ? " to " + (r.seq() - 1) : "") + " removed (the chain jumps from "
                        + (seq[0] - 1) + " to " + r.seq() + ")"
                        : "record " + r.seq() + " out of order");
                return;
            }
            if (!r.prevHash().equals(prev[0])) {
                fail(firstBad, problems, r.seq(), "record " + r.seq() + " does not follow record " + (r.seq() - 1)
                        + ": a record before it was removed, altered or inserted");
                return;
            }
            String actual = JournalRecord.hash(r.prevHash(), r.seq(), r.at(), r.storedType(), r.inspectionId(), r.data());
            if (!actual.equals(r.hash())) {
                fail(firstBad, problems, r.seq(), "record " + r.seq() + " (" + r.storedType() + ", " + r.at()
                        + ") was altered: its content no longer matches its hash");
                return;
            }
            seq[0] = r.seq() + 1;
            prev[0] = r.hash();
        });
        return problems.isEmpty() ? new Result(true, checked[0], null, null)
                : new Result(false, checked[0], firstBad[0], problems.get(0));
    }

    private static void fail(long[] firstBad, List<String> problems, long seq, String problem) {
        firstBad[0] = seq;
        problems.add(problem);
    }
}
