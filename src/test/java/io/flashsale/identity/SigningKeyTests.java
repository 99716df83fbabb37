package io.flashsale.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class SigningKeyTests {

    @TempDir
    Path dir;

    @Test
    void generatesTheLocalKeyOnceAndKeepsItAcrossRestarts() throws Exception {
        Path file = dir.resolve("keys/signing.pem");
        RSAKey first = SigningKey.load(settings(null, file));
        RSAKey second = SigningKey.load(settings(null, file));

        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
    }

    @Test
    void prefersAConfiguredPemToTheKeyFile() throws Exception {
        Path generated = dir.resolve("generated.pem");
        RSAKey fromFile = SigningKey.load(settings(null, generated));
        String pem = Files.readString(generated);

        RSAKey configured = SigningKey.load(settings(pem, dir.resolve("unused.pem")));

        assertThat(configured.getKeyID()).isEqualTo(fromFile.getKeyID());
        assertThat(dir.resolve("unused.pem")).doesNotExist();
    }

    static IdentitySettings settings(String pem, Path file) {
        return new IdentitySettings("flashsale", "flashsale", Duration.ofHours(1), pem, file,
                new IdentitySettings.Operator(null, null), 0, Duration.ofHours(24), Duration.ofSeconds(60),
                DataSize.ofKilobytes(8), IdentitySettings.Rate.of("10/15m"), IdentitySettings.Rate.of("100/15m"),
                IdentitySettings.Rate.of("30/1m"), IdentitySettings.Rate.of("10/1h"), 0,
                Duration.ofMillis(500));
    }
}
