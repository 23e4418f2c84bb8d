package io.caas.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caas.core.config.CaasConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyKeyFileOfThirtyTwoRandomBytes() throws Exception {
        Path keyFile = dir.resolve("sub/master.key");
        SecretBox.fromKeyFile(keyFile);

        assertThat(Files.size(keyFile)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.list(keyFile.getParent())).containsExactly(keyFile);
        Path other = dir.resolve("other.key");
        SecretBox.fromKeyFile(other);
        assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(keyFile));
    }

    @Test
    void roundTripsBytesAndStrings() {
        SecretBox box = SecretBox.fromKeyFile(dir.resolve("master.key"));
        byte[] key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEA...".getBytes(StandardCharsets.UTF_8);

        byte[] sealed = box.seal(key);

        assertThat(sealed[0]).isEqualTo(SecretBox.VERSION);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        assertThat(box.open(sealed)).isEqualTo(key);
        assertThat(box.openString(box.sealString("SWMTKN-1-abc-def"))).isEqualTo("SWMTKN-1-abc-def");
        assertThat(box.openString(box.sealString(""))).isEmpty();
    }

    @Test
    void sealsTheSameSecretDifferentlyEachTime() {
        SecretBox box = SecretBox.fromKeyFile(dir.resolve("master.key"));
        assertThat(box.sealString("token")).isNotEqualTo(box.sealString("token"));
    }

    @Test
    void aSecondBoxOnTheSameFileOpensWhatTheFirstSealed() {
        Path keyFile = dir.resolve("master.key");
        byte[] sealed = SecretBox.fromKeyFile(keyFile).sealString("unlock-key");
        assertThat(SecretBox.fromKeyFile(keyFile).openString(sealed)).isEqualTo("unlock-key");
    }

    @Test
    void detectsAnyAlteredByte() {
        SecretBox box = SecretBox.fromKeyFile(dir.resolve("master.key"));
        byte[] sealed = box.sealString("join token");
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> box.open(tampered)).as("byte %d altered", i)
                    .isInstanceOf(SealedSecretException.class);
        }
    }

    @Test
    void refusesTruncatedBlobsAndOtherKeys() {
        SecretBox box = SecretBox.fromKeyFile(dir.resolve("a.key"));
        byte[] sealed = box.sealString("secret");

        assertThatThrownBy(() -> box.open(java.util.Arrays.copyOf(sealed, 20)))
                .isInstanceOf(SealedSecretException.class).hasMessageContaining("too short");
        assertThatThrownBy(() -> SecretBox.fromKeyFile(dir.resolve("b.key")).open(sealed))
                .isInstanceOf(SealedSecretException.class).hasMessageContaining("master_key_file");
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path keyFile = dir.resolve("master.key");
        SecretBox.fromKeyFile(keyFile);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> SecretBox.fromKeyFile(keyFile))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 600");
    }

    @Test
    void refusesAKeyFileOfTheWrongSize() throws Exception {
        Path keyFile = dir.resolve("master.key");
        Files.write(keyFile, new byte[16]);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> SecretBox.fromKeyFile(keyFile))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("16 bytes");
    }

    @Test
    void takesThePathFromTheCertificatesSection() {
        Path keyFile = dir.resolve("configured.key");
        CaasConfig config = CaasConfig.parse("[certificates]\nmaster_key_file = " + keyFile + "\n", Map.of());

        byte[] sealed = SecretBox.fromConfig(config).sealString("x");

        assertThat(keyFile).exists();
        assertThat(SecretBox.fromKeyFile(keyFile).openString(sealed)).isEqualTo("x");
        assertThatThrownBy(() -> SecretBox.fromConfig(CaasConfig.parse("", Map.of())))
                .hasMessageContaining("[certificates] master_key_file");
    }
}
