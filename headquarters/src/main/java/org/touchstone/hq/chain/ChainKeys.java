package org.touchstone.hq.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The posts' checkpoint keys, one file {@code <postId>.key} per post in a folder, read when a head arrives (a key
 * added for a new post takes effect without a restart). The key is the file's bytes, exactly as at the post.
 */
public final class ChainKeys implements Function<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ChainKeys.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Path directory;

    /** @param directory the folder, or null for no keys at all */
    public ChainKeys(Path directory) {
        this.directory = directory;
    }

    /** The post's key, or null when there is none. */
    @Override
    public byte[] apply(String postId) {
        if (directory == null || !ID.matcher(postId).matches() || postId.startsWith(".")) {
            return null;
        }
        Path file = directory.resolve(postId + ".key");
        try {
            byte[] key = Files.readAllBytes(file);
            return key.length == 0 ? null : key;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.error("cannot read the checkpoint key of post {} from {}: {}; its heads are checked for continuity"
                    + " only", postId, file, e.getMessage());
            return null;
        }
    }
}
