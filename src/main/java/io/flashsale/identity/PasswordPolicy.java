package io.flashsale.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.flashsale.shared.DomainException;
import org.passay.DefaultPasswordValidator;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.RuleResultDetail;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.passay.dictionary.sort.ArraysSort;
import org.passay.rule.DictionaryRule;
import org.passay.rule.LengthRule;
import org.passay.rule.MatchBehavior;
import org.passay.rule.UsernameRule;
import org.springframework.stereotype.Component;

/**
 * What a new password must be (Passay): 8 to 72 characters and at most 72 bytes (BCrypt reads no further), not one
 * of the commonly used passwords in {@value #COMMON_PASSWORDS} (in any letter case), and not containing the name
 * part of the account's e-mail address (the whole address, when that part is shorter than
 * {@value #SHORTEST_NAME_CHECKED} characters). Checked for sign-ups; the operator and demo accounts configured by the
 * deployer are not refused.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 72;
    static final String COMMON_PASSWORDS = "identity/common-passwords.txt";
    /** A shorter name part of an e-mail address would refuse too many passwords for containing it. */
    static final int SHORTEST_NAME_CHECKED = 4;

    private final PasswordValidator validator;

    PasswordPolicy() {
        this.validator = new DefaultPasswordValidator(
                new LengthRule(MIN_LENGTH, MAX_LENGTH),
                new DictionaryRule(new WordListDictionary(commonPasswords())),
                new UsernameRule(false, true, MatchBehavior.Contains));
    }

    /** Refuses the password with 400 {@code VALIDATION_FAILED} naming {@code password}, saying which rule it broke. */
    void check(String email, String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw DomainException.invalid("password", "must be at most " + MAX_LENGTH + " bytes");
        }
        var result = validator.validate(new PasswordData(nameOf(email), password));
        if (!result.isValid()) {
            throw DomainException.invalid("password", message(result.getDetails().getFirst()));
        }
    }

    private static String message(RuleResultDetail broken) {
        return switch (broken.getErrorCode()) {
            case LengthRule.ERROR_CODE_MIN, LengthRule.ERROR_CODE_MAX ->
                    "size must be between " + MIN_LENGTH + " and " + MAX_LENGTH;
            case DictionaryRule.ERROR_CODE -> "is too common; choose one that is harder to guess";
            default -> "must not contain your e-mail address";
        };
    }

    private static String nameOf(String email) {
        String normalized = email.strip().toLowerCase(Locale.ROOT);
        int at = normalized.lastIndexOf('@');
        String name = at > 0 ? normalized.substring(0, at) : normalized;
        return name.length() >= SHORTEST_NAME_CHECKED ? name : normalized;
    }

    private static ArrayWordList commonPasswords() {
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + COMMON_PASSWORDS);
            }
            String[] words = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toArray(String[]::new);
            return new ArrayWordList(words, false, new ArraysSort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
