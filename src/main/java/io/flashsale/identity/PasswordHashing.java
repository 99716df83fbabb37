package io.flashsale.identity;

import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.flashsale.shared.DomainException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The password encoder (BCrypt) behind a small number of slots: at most {@code hashingConcurrency} hashes run at
 * once on this instance, so a flood of sign-ins or sign-ups can't take every core from the rest of the service. A
 * request that finds no free slot within {@code hashingWait} is refused 503 {@code UNAVAILABLE} rather than queued.
 * A sign-in for an unknown e-mail address is compared against a dummy hash of the same cost, so it costs what a
 * wrong password costs and the answer's timing does not tell whether an account exists.
 */
@Component
class PasswordHashing {

    private final PasswordEncoder encoder;
    private final Semaphore slots;
    private final long waitNanos;
    private final String dummyHash;

    PasswordHashing(PasswordEncoder encoder, IdentitySettings settings) {
        this.encoder = encoder;
        this.slots = new Semaphore(settings.hashingSlots(), true);
        this.waitNanos = settings.hashingWait().toNanos();
        this.dummyHash = encoder.encode(UUID.randomUUID().toString());
    }

    String encode(String password) {
        return bounded(() -> encoder.encode(password));
    }

    boolean matches(String password, String hash) {
        return bounded(() -> encoder.matches(password, hash));
    }

    /** Spends on a password with no account what {@link #matches} would; never matches. */
    boolean matchesNoAccount(String password) {
        bounded(() -> encoder.matches(password, dummyHash));
        return false;
    }

    private <T> T bounded(Supplier<T> hashing) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw DomainException.unavailable("Too many sign-ins at once; please try again.");
        }
        try {
            return hashing.get();
        } finally {
            slots.release();
        }
    }
}
