package io.caas.core.secrets;

import io.caas.core.config.CaasConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (CA private keys, join tokens, unlock keys) for storage with AES-256-GCM under the master key.
 * Sealed form: one version byte, a 12-byte random nonce, then ciphertext and 16-byte tag. The version byte is
 * authenticated too, so a blob cannot be replayed under a future format.
 */
public final class SecretBox {
    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CONFIG_SECTION = "certificates";
    private static final String CONFIG_KEY = "master_key_file";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        Arrays.fill(keyBytes, (byte) 0);
    }

    /** The box for {@code [certificates] master_key_file}; the file is created (0600, random key) if absent. */
    public static SecretBox fromConfig(CaasConfig config) {
        return fromKeyFile(Path.of(config.require(CONFIG_SECTION, CONFIG_KEY)));
    }

    public static SecretBox fromKeyFile(Path keyFile) {
        return new SecretBox(MasterKeyFile.loadOrCreate(keyFile));
    }

    public byte[] seal(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, nonce, plaintext);
        return ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length).put(VERSION).put(nonce).put(ciphertext).array();
    }

    /** @throws SealedSecretException when the blob was altered, truncated, or sealed under another master key */
    public byte[] open(byte[] sealed) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedSecretException("Sealed secret is too short (" + sealed.length + " bytes); it is truncated");
        }
        if (sealed[0] != VERSION) {
            throw new SealedSecretException("Sealed secret has format version " + sealed[0] + ", this caas reads "
                    + VERSION + "; upgrade caas or restore the secret");
        }
        byte[] nonce = Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
        return run(Cipher.DECRYPT_MODE, nonce, Arrays.copyOfRange(sealed, 1 + NONCE_BYTES, sealed.length));
    }

    public byte[] sealString(String secret) {
        return seal(secret.getBytes(StandardCharsets.UTF_8));
    }

    public String openString(byte[] sealed) {
        return new String(open(sealed), StandardCharsets.UTF_8);
    }

    private byte[] run(int mode, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(new byte[] {VERSION});
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new SealedSecretException("Sealed secret fails authentication: it was altered, or sealed under "
                    + "another master key; check [certificates] master_key_file points at the original key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM: " + e.getMessage(), e);
        }
    }
}
