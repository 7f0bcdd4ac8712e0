package org.touchstone.agent.journal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A test hook that stops the JVM dead at a chosen point of the journal, as a power cut or SIGKILL would: no
 * shutdown hook, no flush, no rollback ({@link Runtime#halt}). Off unless the system property
 * {@code touchstone.test.haltAt} is set, to {@code commit:N} (right after the N-th commit of this process, before
 * anyone is told or any input acknowledged) or {@code append:N} (right after the N-th record is written, before its
 * transaction commits). The JVM then exits with {@link #EXIT_STATUS}. The chaos tests kill the agent at every such
 * point of a decision and check that what headquarters finally sees is what the evidence decides.
 */
public final class CrashPoint {

    /** The exit status of a JVM halted here. */
    public static final int EXIT_STATUS = 86;

    private static final String KIND;
    private static final long AT;
    private static final AtomicLong COMMITS = new AtomicLong();
    private static final AtomicLong APPENDS = new AtomicLong();

    static {
        String setting = System.getProperty("touchstone.test.haltAt");
        String kind = null;
        long at = -1;
        if (setting != null && setting.matches("(commit|append):[0-9]{1,9}")) {
            kind = setting.substring(0, setting.indexOf(':'));
            at = Long.parseLong(setting.substring(setting.indexOf(':') + 1));
        }
        KIND = kind;
        AT = at;
    }

    private CrashPoint() {
    }

    static void committed() {
        if ("commit".equals(KIND) && COMMITS.incrementAndGet() == AT) {
            halt("commit " + AT);
        }
    }

    static void appended() {
        if ("append".equals(KIND) && APPENDS.incrementAndGet() == AT) {
            halt("append " + AT + ", before its commit");
        }
    }

    private static void halt(String where) {
        System.out.println("CRASH POINT: halting at " + where);
        System.out.flush();
        Runtime.getRuntime().halt(EXIT_STATUS);
    }
}
