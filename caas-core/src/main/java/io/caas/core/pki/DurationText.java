package io.caas.core.pki;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations operators write in labels and configuration ({@code cert_expiry=90d}): one or more
 * number+unit parts with units s, m, h, d, e.g. {@code 30m}, {@code 1h}, {@code 2160h}, {@code 1d12h}.
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+[smhd])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([smhd])");

    private DurationText() {
    }

    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit "
                    + "(s, m, h or d), e.g. 30m, 1h, 90d");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        try {
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("Duration '" + text + "' is too large", e);
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("Duration '" + text + "' is zero; give a positive duration such as 1h");
        }
        return total;
    }
}
