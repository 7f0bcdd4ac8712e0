package org.touchstone.agent.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The post's officers file ({@code security.officersFile}), YAML readable only by the agent's user (0600):
 * {@code officers: [{id, name, roles: [inspector|technician|supervisor|analyst], passwordHash}]}. Every problem is reported
 * with the file, the officer's index and the field.
 */
public final class OfficersFile {

    private static final Logger log = LoggerFactory.getLogger(OfficersFile.class);

    /** The file's shape, as YAML binds it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Document(List<Entry> officers) {
    }

    @JsonPropertyOrder({"id", "name", "roles", "passwordHash"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String id, String name, List<String> roles, String passwordHash) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OfficersFile() {
    }

    /**
     * Reads the officers.
     *
     * @throws OfficersFileException naming the file, the officer and the field; for a file others may write to
     */
    public static List<Officer> read(Path file) throws OfficersFileException {
        checkPermissions(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new OfficersFileException(file + ": officers file not found; create it with `touchstone officer add`");
        } catch (IOException e) {
            throw new OfficersFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Reads officers from YAML text; {@code source} names it in errors. */
    public static List<Officer> parse(String text, String source) throws OfficersFileException {
        Document doc;
        try {
            doc = text.isBlank() ? null : YAML.readValue(text, Document.class);
        } catch (JsonMappingException e) {
            throw new OfficersFileException(source + where(e) + ": " + e.getOriginalMessage()
                    .replaceAll("\\(class [^)]*\\)", "").replaceAll("\\s+", " ").trim(), e);
        } catch (JsonProcessingException e) {
            throw new OfficersFileException(source + where(e) + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        List<Officer> out = new ArrayList<>();
        if (doc == null || doc.officers() == null) {
            return out;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < doc.officers().size(); i++) {
            Entry e = doc.officers().get(i);
            String at = source + ": officers[" + i + "]";
            if (e == null) {
                throw new OfficersFileException(at + ": empty entry");
            }
            Set<Role> roles = new LinkedHashSet<>();
            try {
                Officer.requireId(e.id());
            } catch (IllegalArgumentException x) {
                throw new OfficersFileException(at + ".id: " + x.getMessage());
            }
            at = source + ": officers[" + i + "] (" + e.id() + ")";
            if (!ids.add(e.id())) {
                throw new OfficersFileException(at + ".id: officer '" + e.id() + "' is listed twice");
            }
            for (String r : e.roles() == null ? List.<String>of() : e.roles()) {
                try {
                    roles.add(Role.parse(r));
                } catch (IllegalArgumentException x) {
                    throw new OfficersFileException(at + ".roles: " + x.getMessage());
                }
            }
            if (roles.isEmpty()) {
                throw new OfficersFileException(at + ".roles: at least one of inspector, technician, supervisor, analyst");
            }
            try {
                PasswordHasher.parse(e.passwordHash());
            } catch (IllegalArgumentException x) {
                throw new OfficersFileException(at + ".passwordHash: " + x.getMessage());
            }
            out.add(new Officer(e.id(), e.name(), roles, e.passwordHash()));
        }
        return out;
    }

    /** Writes the officers atomically, readable and writable by the owner only. */
    public static void write(Path file, List<Officer> officers) throws IOException {
        List<Entry> entries = officers.stream().map(o -> new Entry(o.id(), o.name(),
                o.roles().stream().sorted().map(Role::text).toList(), o.passwordHash())).toList();
        String text = "# Officers of this post: `touchstone officer add|passwd|list` keeps this file. Keep it 0600.\n"
                + YAML.writeValueAsString(new Document(entries));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix(dir)) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                throw new IOException(tmp + " appeared while writing; another `touchstone officer` is running?", e);
            }
        }
        Files.writeString(tmp, text);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Refuses a file others may write to (anyone could make themselves a supervisor); warns about one others may
     * read (the hashes are slow to guess, but should not be handed out).
     */
    static void checkPermissions(Path file) throws OfficersFileException {
        if (!Files.exists(file) || !posix(file)) {
            return;
        }
        Set<PosixFilePermission> p;
        try {
            p = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            return;
        }
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new OfficersFileException(file + ": others may write to the officers file ("
                    + PosixFilePermissions.toString(p) + "); make it 0600: chmod 600 " + file);
        }
        if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("{}: others may read the officers file ({}); make it 0600", file, PosixFilePermissions.toString(p));
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : ", line " + e.getLocation().getLineNr();
    }
}
