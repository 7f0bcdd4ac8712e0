package org.touchstone.agent.declaration;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Base metals and alloys as a declaration names them: element symbols run together, {@code Cu}, {@code CuZn}. */
public final class BaseAlloys {

    private static final Pattern SYMBOL = Pattern.compile("[A-Z][a-z]?");
    /** Metals and metalloids an alloy may be named by; the precious ones are not base metals. */
    private static final Set<String> BASE = Set.of("Li", "Be", "Na", "Mg", "Al", "Si", "K", "Ca", "Ti", "V", "Cr",
            "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Zr", "Nb", "Mo", "Cd", "In", "Sn", "Sb", "Te", "Ta",
            "W", "Hg", "Tl", "Pb", "Bi", "C", "P", "S", "B");

    private BaseAlloys() {
    }

    /** True for one or more base-metal symbols, each once, e.g. {@code CuZn}; false for {@code Au} or {@code Xx}. */
    public static boolean isBaseAlloy(String text) {
        if (text == null || text.isEmpty() || !text.matches("([A-Z][a-z]?)+")) {
            return false;
        }
        Matcher m = SYMBOL.matcher(text);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (m.find()) {
            if (!BASE.contains(m.group()) || !seen.add(m.group())) {
                return false;
            }
        }
        return true;
    }

    /** The symbols of a base alloy's name, in order. */
    public static java.util.List<String> elements(String alloy) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = SYMBOL.matcher(alloy);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
