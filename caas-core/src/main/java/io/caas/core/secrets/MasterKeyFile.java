package io.caas.core.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The 32-byte master key on disk. Created on first use with mode 0600; a key file that anyone but its owner can
 * read is refused, since whoever reads it can open every sealed CA key and join token.
 */
final class MasterKeyFile {
    static final int KEY_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MasterKeyFile() {
    }

    static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use master key file " + file + ": " + e.getMessage()
                    + "; check that its directory exists and is writable by the caas user", e);
        }
    }

    private static void create(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path draft = Files.createTempFile(directory, ".master-key", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Files.write(draft, key);
            // link() never replaces: when two caas processes start at once, exactly one key wins and both read it,
            // and nobody ever reads a half-written file.
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException raceLost) {
            // the other process's key is complete (it was linked after being written); use it
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    private static byte[] read(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IllegalStateException("Master key file " + file + " is readable by others ("
                    + PosixFilePermissions.toString(permissions) + "); run chmod 600 on it");
        }
        byte[] key = Files.readAllBytes(file);
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException("Master key file " + file + " holds " + key.length + " bytes, not "
                    + KEY_BYTES + "; restore the original file (sealed secrets cannot be opened with another key)");
        }
        return key;
    }
}
