package org.touchstone.agent.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The officers who may act at the post, and the one place their passwords are checked. Read from the officers
 * file, and read again when the file changes, so an officer added with {@code touchstone officer add} can log in
 * without a restart. A file made unreadable while the agent runs keeps the officers it had, loudly.
 */
public final class OfficerBook {

    private static final Logger log = LoggerFactory.getLogger(OfficerBook.class);

    /** Verified against when the id is unknown, so a wrong id costs as long as a wrong password. */
    private static final String DECOY = new PasswordHasher().hash("decoy-password-never-valid".toCharArray());

    private final Path file;
    private List<Officer> officers;
    private FileTime readModified;
    private long readSize;

    private OfficerBook(Path file, List<Officer> officers) {
        this.file = file;
        this.officers = List.copyOf(officers);
    }

    /**
     * Reads the officers file.
     *
     * @throws OfficersFileException naming the file, officer and field
     */
    public static OfficerBook load(Path file) throws OfficersFileException {
        OfficerBook book = new OfficerBook(file, OfficersFile.read(file));
        book.remember();
        return book;
    }

    /** A book of officers held in memory only (tests). */
    public static OfficerBook of(List<Officer> officers) {
        return new OfficerBook(null, officers);
    }

    public synchronized List<Officer> officers() {
        refresh();
        return officers;
    }

    public synchronized Optional<Officer> find(String id) {
        refresh();
        return officers.stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /**
     * The officer whose id and password these are, or empty; as slow for an unknown id as for a wrong password.
     */
    public Optional<Officer> authenticate(String id, char[] password) {
        Optional<Officer> officer = find(Objects.requireNonNullElse(id, ""));
        boolean ok = PasswordHasher.verify(password, officer.map(Officer::passwordHash).orElse(DECOY));
        return ok ? officer : Optional.empty();
    }

    private void refresh() {
        if (file == null) {
            return;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(readModified) && size == readSize) {
                return;
            }
            officers = List.copyOf(OfficersFile.read(file));
            readModified = modified;
            readSize = size;
            log.info("officers file {} read again: {} officer(s)", file, officers.size());
        } catch (IOException | OfficersFileException e) {
            log.error("officers file {} cannot be read again, the {} officer(s) read before stay: {}", file,
                    officers.size(), e.getMessage());
            remember();
        }
    }

    private void remember() {
        try {
            readModified = Files.getLastModifiedTime(file);
            readSize = Files.size(file);
        } catch (IOException e) {
            readModified = null;
        }
    }
}
