package org.touchstone.agent;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.touchstone.agent.alert.Alert;
import org.touchstone.agent.alert.AlertBook;
import org.touchstone.agent.assessment.Selectivity;
import org.touchstone.agent.command.Actor;
import org.touchstone.agent.command.AgentCommands;
import org.touchstone.agent.command.Command;
import org.touchstone.agent.command.CommandReply;
import org.touchstone.agent.declaration.Declaration;
import org.touchstone.agent.declaration.DeclarationReader;
import org.touchstone.agent.declaration.DeclarationRejectedException;
import org.touchstone.agent.inspection.Inspection;
import org.touchstone.agent.journal.Appended;
import org.touchstone.agent.journal.schema.ActiveItemChanged;
import org.touchstone.agent.journal.schema.DeclarationAccepted;
import org.touchstone.agent.journal.schema.DeclarationRefused;
import org.touchstone.agent.journal.schema.InputRejected;
import org.touchstone.agent.journal.schema.InspectionClosed;
import org.touchstone.agent.risk.RiskProfile;
import org.touchstone.agent.risk.RiskProfiles;
import org.touchstone.agent.security.Officer;
import org.touchstone.agent.security.OfficerBook;
import org.touchstone.agent.security.Permission;

/**
 * Carries out commands, whichever channel they came from (MQTT topics, the web console and the command line in
 * process, the watched folder, a barcode scanner): each is executed on the desk, its outcome journaled (accepted or
 * refused, with the reason), and only then answered. The desk remains the only place decisions are made.
 */
final class CommandHandler implements AgentCommands {

    private final DeskThread deskThread;
    private final InspectionDesk desk;
    private final EventRecorder recorder;
    private final AlertBook alertBook;
    private final Clock clock;
    private final DeclarationReader declarationReader = new DeclarationReader();
    /** Declarations seen, open or closed: a changed declaration needs a new id. Desk thread only. */
    private final Set<String> knownDeclarations = new HashSet<>();
    private final RiskProfiles riskProfiles;
    /** The post's officers, whose roles decide what an authenticated officer may do; null when none are configured. */
    private volatile OfficerBook officers;

    CommandHandler(DeskThread deskThread, InspectionDesk desk, EventRecorder recorder, AlertBook alertBook, Clock clock) {
        this(deskThread, desk, recorder, alertBook, clock, null);
    }

    /** @param riskProfiles headquarters' selectivity rules applied to each declaration accepted (null: none) */
    CommandHandler(DeskThread deskThread, InspectionDesk desk, EventRecorder recorder, AlertBook alertBook, Clock clock,
                   RiskProfiles riskProfiles) {
        this.riskProfiles = riskProfiles;
        this.deskThread = deskThread;
        this.desk = desk;
        this.recorder = recorder;
        this.alertBook = alertBook;
        this.clock = clock;
    }

    /**
     * The officers whose roles decide every authenticated officer's command, on the desk thread where the alert's
     * lane is known. Without them, officer commands over MQTT are refused (the console checks roles itself).
     */
    void useOfficers(OfficerBook book) {
        this.officers = book;
    }

    /** Declarations the journal shows from before a restart. Call before the first command. */
    void knowDeclarations(Set<String> ids) {
        knownDeclarations.addAll(ids);
    }

    @Override
    public CompletableFuture<CommandReply> submit(Command command, Actor actor) {
        return deskThread.call(() -> recorder.atomically(() -> execute(command, actor)));
    }

    @Override
    public CompletableFuture<java.util.Optional<CommandReply>> submitOnce(Command command, Actor actor,
                                                                         org.touchstone.agent.journal.InputKey inputKey) {
        return deskThread.call(() -> recorder.once(inputKey, () -> execute(command, actor)));
    }

    /**
     * A code a barcode scanner read: {@code DECLARATION/ITEM}, or a bare item id that exactly one open inspection
     * has, selects that item as a {@link Command.SelectItem} would.
     */
    CompletableFuture<CommandReply> scanned(String deviceId, String code) {
        Actor scanner = Actor.anonymous(Actor.Channel.SCANNER, "scanner " + deviceId);
        return deskThread.call(() -> recorder.atomically(() -> {
            int slash = code.indexOf('/');
            if (slash > 0) {
                return execute(new Command.SelectItem(null, code.substring(0, slash), code.substring(slash + 1), null),
                        scanner);
            }
            List<Inspection> having = desk.inspections().stream().filter(i -> i.item(code).isPresent()).toList();
            if (having.size() == 1) {
                return execute(new Command.SelectItem(null, having.get(0).id(), code, null), scanner);
            }
            String reason = "code '" + code + "' " + (having.isEmpty() ? "names no item of an open inspection"
                    : "names an item of " + having.size() + " open inspections; scan DECLARATION/ITEM labels");
            Appended a = recorder.inputRejected(new InputRejected(scanner.origin(), reason, "select", null, null));
            return new CommandReply(null, "select", false, reason, a.seq(), a.at());
        }));
    }

    /** Desk thread: the command's outcome, journaled. */
    CommandReply execute(Command command, Actor actor) {
        if (actor.authenticated()) {
            String refusal = unauthorised(command, actor);
            if (refusal != null) {
                return refuse(command, actor, refusal);
            }
        }
        if (command instanceof Command.Declare d) {
            return declare(d, actor);
        }
        if (command instanceof Command.SelectItem s) {
            return select(s, actor);
        }
        if (command instanceof Command.CloseInspection c) {
            return closeInspection(c, actor);
        }
        if (command instanceof Command.AcknowledgeAlert a) {
            return alert(a, actor, () -> alertBook.acknowledge(a.alertId(), actor.by(), a.note(), clock.instant()));
        }
        Command.CloseAlert c = (Command.CloseAlert) command;
        return alert(c, actor, () -> alertBook.close(c.alertId(), actor.by(), c.outcome(), c.note(), clock.instant()));
    }

    /** Why this officer may not give this command, or null when the officer's roles allow it. */
    private String unauthorised(Command command, Actor actor) {
        OfficerBook book = officers;
        if (book == null) {
            return actor.channel() == Actor.Channel.MQTT
                    ? "the agent has no officers file (security.officersFile): officer commands are refused" : null;
        }
        Officer officer = book.find(actor.officerId()).orElse(null);
        if (officer == null) {
            return "officer '" + actor.officerId() + "' is not in the post's officers file";
        }
        Permission needed;
        String what;
        if (command instanceof Command.Declare) {
            needed = Permission.DECLARE;
            what = "declare";
        } else if (command instanceof Command.SelectItem) {
            needed = Permission.SELECT_ITEM;
            what = "select items";
        } else if (command instanceof Command.CloseInspection) {
            needed = Permission.CLOSE_INSPECTION;
            what = "close inspections";
        } else if (command instanceof Command.AcknowledgeAlert) {
            needed = Permission.ACKNOWLEDGE_ALERT;
            what = "acknowledge alerts";
        } else {
            Command.CloseAlert c = (Command.CloseAlert) command;
            org.touchstone.agent.assessment.Lane lane;
            try {
                lane = alertBook.find(c.alertId()).lane();
            } catch (IllegalArgumentException e) {
                lane = null; // no such alert: refused below, naming it
            }
            needed = Permission.toClose(c.outcome(), lane);
            what = needed == Permission.RELEASE_OR_SEIZE
                    ? "close an alert as " + c.outcome() + (lane == null ? "" : " when its lane is " + lane)
                    + " (a supervisor's call)"
                    : "close alerts";
        }
        if (officer.may(needed)) {
            return null;
        }
        return "officer '" + officer.id() + "' (" + officer.roles().stream().map(r -> r.text()).sorted()
                .collect(java.util.stream.Collectors.joining(", ")) + ") may not " + what;
    }

    private CommandReply declare(Command.Declare command, Actor actor) {
        Declaration d;
        try {
            d = declarationReader.read(command.document(), command.source());
        } catch (DeclarationRejectedException e) {
            DeclarationRefused refusal = DeclarationRefused.invalid(command.source(), e.problems(), actor.by());
            Appended a = recorder.declarationRefused(refusal);
            return CommandReply.refused(command, refusal.describe(), a.seq(), a.at());
        }
        String id = d.declarationId();
        if (desk.isOpen(id) || knownDeclarations.contains(id)) {
            String reason = "declaration " + id + (desk.isOpen(id) ? " is already under inspection" : " was inspected already")
                    + "; a changed declaration needs a new id";
            Appended a = recorder.declarationRefused(DeclarationRefused.refused(command.source(), reason, d.original(),
                    actor.by()));
            return CommandReply.refused(command, reason, a.seq(), a.at());
        }
        // The rules of the profile held now stay with the inspection, journaled with it: the decision is reproducible.
        Long profileVersion = riskProfiles == null ? null
                : riskProfiles.current().map(RiskProfile::version).orElse(null);
        List<Selectivity> rules = riskProfiles == null ? List.of() : riskProfiles.rulesFor(d);
        Appended a = recorder.declarationAccepted(d, new DeclarationAccepted(command.source(), d.original(), actor.by(),
                profileVersion, rules));
        knownDeclarations.add(id);
        // Told before the inspection opens: opening assesses the declaration at once and may report a verdict.
        desk.open(d, rules);
        return CommandReply.accepted(command, a.seq(), a.at());
    }

    private CommandReply select(Command.SelectItem command, Actor actor) {
        try {
            desk.setActiveItem(command.declarationId(), command.itemId(), command.medium());
        } catch (IllegalArgumentException e) {
            return refuse(command, actor, e.getMessage());
        }
        Appended a = recorder.activeItemChanged(new ActiveItemChanged(command.declarationId(), command.itemId(),
                command.medium(), actor.origin(), actor.by()));
        return CommandReply.accepted(command, a.seq(), a.at());
    }

    private CommandReply closeInspection(Command.CloseInspection command, Actor actor) {
        if (!desk.isOpen(command.declarationId())) {
            return refuse(command, actor, "no open inspection for declaration '" + command.declarationId() + "'");
        }
        Appended a = recorder.inspectionClosed(new InspectionClosed(command.declarationId(), actor.origin(), actor.by()));
        desk.close(command.declarationId());
        return CommandReply.accepted(command, a.seq(), a.at());
    }

    @FunctionalInterface
    private interface AlertChange {
        Alert apply();
    }

    private CommandReply alert(Command command, Actor actor, AlertChange change) {
        Alert revised;
        try {
            revised = change.apply();
        } catch (IllegalArgumentException e) {
            return refuse(command, actor, e.getMessage());
        }
        Appended a = recorder.alert(revised);
        return CommandReply.accepted(command, a.seq(), a.at());
    }

    private CommandReply refuse(Command command, Actor actor, String reason) {
        Appended a = recorder.inputRejected(new InputRejected(actor.origin(), reason, command.name(),
                command.requestId(), actor.by()));
        return CommandReply.refused(command, reason, a.seq(), a.at());
    }
}
