package org.touchstone.agent.assessment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.touchstone.agent.declaration.DeclaredItem;
import org.touchstone.agent.declaration.ItemForm;

/**
 * What an HS code declares about the metal and the form of an item (HS Chapter 71 and headings 2616, 2843; see
 * docs/domain.md section 1). Codes are read by their first four or six digits.
 */
public final class HsRules {

    private HsRules() {
    }

    private static String digits(String hsCode) {
        return hsCode == null ? "" : hsCode.replace(".", "");
    }

    static String heading(String hsCode) {
        String d = digits(hsCode);
        return d.length() >= 4 ? d.substring(0, 4) : d;
    }

    static String subheading(String hsCode) {
        String d = digits(hsCode);
        return d.length() >= 6 ? d.substring(0, 6) : "";
    }

    /**
     * The alloy classes the declared code allows for the metal the analyzer sees, or empty when the code does not
     * say (clad or plated goods, ash, ore, amalgam, where the surface is not the alloy the code names).
     */
    public static Optional<Set<AlloyClass>> expectedClasses(String hsCode) {
        String h = heading(hsCode);
        String s = subheading(hsCode);
        switch (h) {
            case "7106":
                return Optional.of(EnumSet.of(AlloyClass.SILVER));
            case "7108":
                return Optional.of(EnumSet.of(AlloyClass.GOLD));
            case "7110":
                return Optional.of(EnumSet.of(AlloyClass.PLATINUM));
            case "7107": case "7109": case "7111": case "2616": case "2843":
                return Optional.empty();
            case "7112":
                return switch (s) {
                    case "711291" -> Optional.of(EnumSet.of(AlloyClass.GOLD));
                    case "711292" -> Optional.of(EnumSet.of(AlloyClass.PLATINUM));
                    // "Other": silver, and waste bearing gold with other precious metals (7112.91 excludes it).
                    case "711299" -> Optional.of(EnumSet.of(AlloyClass.SILVER, AlloyClass.GOLD));
                    default -> Optional.empty();
                };
            case "7113": case "7114":
                if (s.endsWith("11")) {
                    return Optional.of(EnumSet.of(AlloyClass.SILVER));
                }
                if (s.endsWith("19")) {
                    return Optional.of(EnumSet.of(AlloyClass.GOLD, AlloyClass.PLATINUM));
                }
                return Optional.empty();
            case "7115": case "7116":
                return Optional.empty();
            case "7118":
                // 7118.10 is coin other than gold coin, not legal tender; gold coin is 7118.90.
                return s.equals("711810") ? Optional.of(EnumSet.of(AlloyClass.SILVER, AlloyClass.PLATINUM,
                        AlloyClass.NOT_PRECIOUS)) : Optional.of(EnumSet.allOf(AlloyClass.class));
            case "7101": case "7102": case "7103": case "7104": case "7105":
                return Optional.empty();  // pearls and stones: their settings are not the good
            default:
                // Imitation jewellery (7117), base metals (chapters 72-81), machinery: no precious-metal alloy.
                return Optional.of(EnumSet.of(AlloyClass.NOT_PRECIOUS));
        }
    }

    /** Headings where a precious metal is the declared good (Chapter 71, ores 2616, amalgams 2843). */
    public static boolean preciousHeading(String hsCode) {
        String h = heading(hsCode);
        return h.startsWith("71") && !h.equals("7117") || h.equals("2616") || h.equals("2843");
    }

    /** Contradictions between the declared form and the declared code, in words. */
    public static List<String> formProblems(DeclaredItem item) {
        String h = heading(item.hsCode());
        ItemForm f = item.form();
        List<String> problems = new ArrayList<>();
        boolean unwrought = f == ItemForm.BAR || f == ItemForm.GRAIN || f == ItemForm.DORE;
        if (h.equals("7112") && unwrought) {
            problems.add("declared as waste and scrap (7112) but in the form of " + f.text()
                    + ": scrap melted into unwrought form is no longer scrap, it is 7106, 7108 or 7110");
        }
        if (h.startsWith("71") && f == ItemForm.CONCENTRATE) {
            problems.add("a concentrate is declared under chapter 71, but ores and concentrates are 2616");
        }
        if (h.equals("2616") && (unwrought || f == ItemForm.JEWELLERY || f == ItemForm.COIN)) {
            problems.add("declared as ore or concentrate (2616) but in the form of " + f.text());
        }
        if ((h.equals("7106") || h.equals("7108") || h.equals("7110")) && f == ItemForm.JEWELLERY) {
            problems.add("jewellery is declared as unwrought or semi-manufactured metal (" + h
                    + "); jewellery is 7113");
        }
        if (h.equals("7113") && unwrought) {
            problems.add("declared as jewellery (7113) but in the form of " + f.text());
        }
        if (f == ItemForm.COIN && !h.equals("7118")) {
            problems.add("coins are 7118 (gold coin 7118.90), not " + item.hsCode()
                    + (h.equals("7108") ? ": 7108.20 is monetary gold held by monetary authorities, not coins" : ""));
        }
        if (subheading(item.hsCode()).equals("711810") && item.metal() == org.touchstone.agent.declaration.Metal.AU) {
            problems.add("7118.10 excludes gold coin, which is 7118.90");
        }
        return problems;
    }
}
