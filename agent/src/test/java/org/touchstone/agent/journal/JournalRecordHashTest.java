package org.touchstone.agent.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The chain's hash against digests computed outside Java: Python's hashlib over the joined text, e.g.
 * {@code hashlib.sha256(('0'*64 + '\n1\n...').encode()).hexdigest()}. So a change in how the record is fed to the
 * digest (part by part now) cannot silently change what a journal written before it verifies against.
 */
class JournalRecordHashTest {

    private static final String GENESIS = "0".repeat(64);

    @Test
    void aRecordWithMessagesAndNonAsciiData_hashesAsTheJoinedText() {
        // hashlib.sha256(('0'*64 + '\n1\n2026-12-03T00:00:00Z\nreading\nD-1\n{"note":"5 µg ≤ 0.1 g"}\noutbox:'
        //     + 'ab'*32).encode()).hexdigest()
        assertEquals("17d70a9ae8cc8e46418dd73fa1eeae76b750d59b442169ebd0e29b90ef5288aa",
                JournalRecord.hash(GENESIS, 1, "2026-12-03T00:00:00Z", "reading", "D-1",
                        "{\"note\":\"5 µg ≤ 0.1 g\"}", "ab".repeat(32)));
    }

    @Test
    void aRecordOfNoInspectionWithoutMessages_hashesAsTheJoinedText() {
        // hashlib.sha256(('0'*64 + '\n2\n2026-12-03T00:00:00Z\nagent-started\n\n{}').encode()).hexdigest()
        assertEquals("6fca2e7cd799d83adc6abea1d84cf4cea99dab2ae00fe6769a227b089bea5435",
                JournalRecord.hash(GENESIS, 2, "2026-12-03T00:00:00Z", "agent-started", null, "{}"));
    }
}
