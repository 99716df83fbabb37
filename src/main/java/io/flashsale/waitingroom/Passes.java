package io.flashsale.waitingroom;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.flashsale.shared.PromotionVariantId;
import io.flashsale.shared.UserId;
import org.springframework.stereotype.Component;

/**
 * The signed pass an admitted buyer snaps up with: {@code v1.<promotion variant>.<user>.<not before>.<not after>.<mac>}
 * (times in epoch seconds, the MAC HMAC-SHA256 over everything before it, base64url). Checking one needs no server,
 * so the snap-up path stays as cheap as before; a pass says nothing secret, it only can't be forged or moved to
 * another buyer, sale or time.
 */
@Component
class Passes {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern FORMAT = Pattern.compile("v1\\.(\\d{1,18})\\.(\\d{1,18})\\.(\\d{1,12})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{43})");
    /** Instants read on another instance may lag this one's by this much. */
    private static final long CLOCK_SKEW_SECONDS = 5;
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    /** What a pass presented for a snap-up comes to. */
    enum Verdict {
        VALID,
        /** Signed by us for this buyer and sale, but outside its window. */
        EXPIRED,
        /** Malformed, not signed by us, or signed for another buyer or another sale. */
        INVALID
    }

    private final SecretKeySpec key;
    private final WaitingRoomSettings settings;
    private final Clock clock;

    Passes(WaitingRoomSettings settings, Clock clock) {
        this.key = new SecretKeySpec(settings.passKey().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.settings = settings;
        this.clock = clock;
    }

    /** A pass for this buyer and sale, valid from now for the pass lifetime. */
    Pass issue(PromotionVariantId id, UserId buyer) {
        long from = clock.instant().getEpochSecond();
        long until = from + settings.passLifetime().toSeconds();
        String signed = "v1." + id.value() + "." + buyer.value() + "." + from + "." + until;
        return new Pass(signed + "." + mac(signed), Instant.ofEpochSecond(until));
    }

    Verdict verify(String pass, PromotionVariantId id, UserId buyer) {
        Matcher parts = pass == null ? null : FORMAT.matcher(pass);
        if (parts == null || !parts.matches()) {
            return Verdict.INVALID;
        }
        String signed = pass.substring(0, pass.lastIndexOf('.'));
        if (!MessageDigest.isEqual(mac(signed).getBytes(StandardCharsets.US_ASCII),
                parts.group(5).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        if (Long.parseLong(parts.group(1)) != id.value() || Long.parseLong(parts.group(2)) != buyer.value()) {
            return Verdict.INVALID;
        }
        long now = clock.instant().getEpochSecond();
        return now >= Long.parseLong(parts.group(3)) - CLOCK_SKEW_SECONDS && now < Long.parseLong(parts.group(4)) ? Verdict.VALID
                : Verdict.EXPIRED;
    }

    private String mac(String signed) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return BASE64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    /** A signed pass and the end of its window. */
    record Pass(String token, Instant expiresAt) {
    }
}
