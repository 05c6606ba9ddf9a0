package dev.haul.model;

import java.util.List;
import java.util.Locale;

/**
 * Header-name patterns as operators write them in configuration, matched without regard to case: {@code Accept}
 * (exactly), {@code X-*} (a prefix), {@code *-Token} (a suffix), {@code *secret*} (anywhere in the name).
 */
public final class HeaderNames {

    private final List<String> patterns;

    public HeaderNames(List<String> patterns) {
        this.patterns = patterns.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).filter(p -> !p.isEmpty())
                .toList();
    }

    public boolean matches(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            boolean leading = pattern.startsWith("*");
            boolean trailing = pattern.length() > 1 && pattern.endsWith("*");
            String core = pattern.substring(leading ? 1 : 0, pattern.length() - (trailing ? 1 : 0));
            boolean match = leading && trailing
                    ? lower.contains(core)
                    : leading
                            ? lower.endsWith(core)
                            : trailing
                                    ? lower.startsWith(core)
                                    : lower.equals(core);
            if (match) {
                return true;
            }
        }
        return false;
    }
}
