package org.touchstone.agent.declaration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.touchstone.agent.declaration.DeclarationRejectedException.Problem;
import org.touchstone.agent.text.FreeText;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Reads a declaration document (JSON) and checks every field, collecting all problems so the declarant can
 * fix them in one go. Unknown fields are kept in {@link Declaration#original()}.
 */
public final class DeclarationReader {

    public static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_ITEMS = 1000;
    /**
     * The largest declared mass of one item, in its unit: 10^8 (100 t in grams, more in larger units), far above
     * any shipment of precious metal and far below what makes a number unprintable ({@code 1e999999999}).
     */
    static final BigDecimal MAX_MASS_VALUE = new BigDecimal("100000000");
    /** The largest declared value of one item, in its currency. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000000");
    /** Most decimals a declared number may carry. */
    static final int MAX_DECIMALS = 9;
    private static final int MAX_PIECES = 1_000_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HS = Pattern.compile("\\d{4}(\\.\\d{2}(\\.?\\d{2})?)?");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern ELEMENT = Pattern.compile("[A-Z][a-z]?");
    /**
     * Headings whose goods are precious metal, so the metal and its fineness must be declared: 7106-7115 (silver,
     * gold, platinum, clad metal, waste, jewellery, wares, other articles) and ores and amalgams (2616, 2843).
     * Everything else, 7117 imitation jewellery included, may leave them out (docs/domain.md 1).
     */
    static final Set<String> PRECIOUS_HEADINGS = Set.of("7106", "7107", "7108", "7109", "7110", "7111", "7112",
            "7113", "7114", "7115", "2616", "2843");
    /** Base metal clad with precious metal: the declared body may be a base metal (HS Chapter 71 note 7). */
    static final Set<String> CLAD_HEADINGS = Set.of("7107", "7109", "7111", "7113", "7114");
    private static final Set<ItemForm> BULLION = Set.of(ItemForm.BAR, ItemForm.COIN, ItemForm.GRAIN);

    private final JsonMapper mapper;

    public DeclarationReader() {
        // Trailing zeros are kept: "1000.0 g" says the declarant rounded to 0.1 g, "1000 g" to 1 g.
        JsonMapper m = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
                .maxStringLength(64 * 1024).maxNumberLength(40).build());
        this.mapper = m;
    }

    public Declaration read(Path file) throws DeclarationRejectedException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw rejected(file.toString(), "(document)", "larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw rejected(file.toString(), "(document)", "cannot read: " + e.getMessage());
        }
        return read(bytes, file.toString());
    }

    public Declaration read(byte[] json, String source) throws DeclarationRejectedException {
        if (json.length > MAX_BYTES) {
            throw rejected(source, "(document)", "larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw rejected(source, "(document)", "not valid JSON" + at + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw rejected(source, "(document)", "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw rejected(source, "(document)", "must be a JSON object");
        }
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        String id = id(root, "declarationId", "declarationId", problems);
        String declarant = optionalText(root, "declarant", "declarant", problems);
        String exporter = optionalText(root, "exporter", "exporter", problems);
        String origin = optionalText(root, "originCountry", "originCountry", problems);
        if (origin != null && !COUNTRY.matcher(origin).matches()) {
            problems.add(new Problem("originCountry", "must be an ISO 3166 alpha-2 code such as GH, was '" + origin + "'"));
        }
        List<DeclaredItem> items = new ArrayList<>();
        JsonNode itemsNode = root.get("items");
        if (itemsNode == null || !itemsNode.isArray() || itemsNode.isEmpty()) {
            problems.add(new Problem("items", "must be a non-empty array"));
        } else if (itemsNode.size() > MAX_ITEMS) {
            problems.add(new Problem("items", itemsNode.size() + " items exceed the limit of " + MAX_ITEMS));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < itemsNode.size(); i++) {
                DeclaredItem item = item(itemsNode.get(i), "items[" + i + "]", problems, warnings);
                // Checked on the written id, not the accepted item, so a duplicate is reported even when the
                // item has other problems.
                JsonNode idNode = itemsNode.get(i).path("itemId");
                if (idNode.isTextual() && !seen.add(idNode.asText().trim())) {
                    problems.add(new Problem("items[" + i + "].itemId", "'" + idNode.asText().trim() + "' is used twice"));
                }
                if (item != null) {
                    items.add(item);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DeclarationRejectedException(source, problems);
        }
        return new Declaration(id, declarant, exporter, origin, items, root, warnings);
    }

    private static DeclaredItem item(JsonNode n, String path, List<Problem> problems, List<Problem> warnings) {
        if (n == null || !n.isObject()) {
            problems.add(new Problem(path, "must be an object"));
            return null;
        }
        int before = problems.size();
        String itemId = id(n, "itemId", path + ".itemId", problems);
        String hs = requiredText(n, "hsCode", path + ".hsCode", problems);
        if (hs != null && !HS.matcher(hs).matches()) {
            problems.add(new Problem(path + ".hsCode", "must look like 7108 or 7108.12, was '" + hs + "'"));
        }
        String description = optionalText(n, "description", path + ".description", problems);
        ItemForm form = ItemForm.OTHER;
        String formText = optionalText(n, "form", path + ".form", problems);
        if (formText != null) {
            form = ItemForm.fromText(formText).orElse(null);
            if (form == null) {
                problems.add(new Problem(path + ".form", "unknown form '" + formText + "'; one of bar, dore, grain, "
                        + "powder, scrap, jewellery, coin, semi-manufactured, concentrate, other"));
            }
        }
        String heading = hs != null && HS.matcher(hs).matches() ? hs.replace(".", "").substring(0, 4) : null;
        boolean preciousRequired = heading != null && PRECIOUS_HEADINGS.contains(heading);
        Metal metal = null;
        String baseAlloy = null;
        String metalText = optionalText(n, "metal", path + ".metal", problems);
        if (metalText == null && preciousRequired && !n.hasNonNull("metal")) {
            problems.add(new Problem(path + ".metal", "missing: heading " + heading
                    + " is a precious-metal heading; one of Au, Ag, Pt, Pd, Rh, Ir, Os, Ru"));
        } else if (metalText != null) {
            metal = Metal.fromSymbol(metalText).orElse(null);
            if (metal == null) {
                if (!BaseAlloys.isBaseAlloy(metalText)) {
                    problems.add(new Problem(path + ".metal", "unknown metal '" + metalText + "'; a precious metal (Au,"
                            + " Ag, Pt, Pd, Rh, Ir, Os, Ru) or a base metal or alloy as element symbols (Cu, CuZn)"));
                } else if (preciousRequired && !CLAD_HEADINGS.contains(heading)) {
                    problems.add(new Problem(path + ".metal", "heading " + heading + " is a precious-metal heading,"
                            + " but '" + metalText + "' is a base metal"));
                } else {
                    baseAlloy = metalText;
                }
            }
        }
        BigDecimal fineness = null;
        String finenessWritten = null;
        JsonNode f = n.get("fineness");
        boolean fineUnits = form == ItemForm.CONCENTRATE || "2616".equals(heading);
        if (f == null || f.isNull()) {
            if (metal != null) {
                problems.add(new Problem(path + ".fineness", "missing (‰, e.g. 999.9, or karat, e.g. \"18K\")"));
            }
        } else {
            if (f.isNumber()) {
                fineness = f.decimalValue();
                finenessWritten = f.asText();
                boolean inRange = fineness.signum() > 0 && !outOfRange(fineness, BigDecimal.valueOf(1000));
                String slip = fineUnits || !inRange ? null : FinenessText.unitSlip(fineness);
                if (!inRange) {
                    problems.add(new Problem(path + ".fineness", "must be in ‰, above 0 and at most 1000"
                            + (fineness.scale() > MAX_DECIMALS ? " with at most " + MAX_DECIMALS + " decimals" : "")
                            + ", was " + FreeText.quote(finenessWritten)));
                    fineness = null;
                } else if (slip != null) {
                    problems.add(new Problem(path + ".fineness", slip));
                    fineness = null;
                }
            } else if (f.isTextual()) {
                finenessWritten = f.asText().trim();
                FinenessText.Parsed parsed = FinenessText.parse(finenessWritten);
                if (parsed.problem() != null) {
                    problems.add(new Problem(path + ".fineness", parsed.problem()));
                } else if (outOfRange(parsed.mille(), BigDecimal.valueOf(1000))) {
                    problems.add(new Problem(path + ".fineness", "at most " + MAX_DECIMALS + " decimals, was "
                            + FreeText.quote(finenessWritten)));
                } else {
                    fineness = parsed.mille();
                    parsed.warning().ifPresent(w -> warnings.add(new Problem(path + ".fineness", w)));
                }
            } else {
                problems.add(new Problem(path + ".fineness", "must be a number in ‰ or a karat string"));
            }
            if (fineness != null && metal == null) {
                if (baseAlloy != null) {
                    problems.add(new Problem(path + ".fineness", "a fineness is declared for a precious metal, and '"
                            + metalText + "' is not one; leave it out or declare the precious metal"));
                } else if (metalText == null && problems.stream().noneMatch(q -> q.path().equals(path + ".metal"))) {
                    problems.add(new Problem(path + ".fineness", "a fineness needs the metal it is of ('metal')"));
                }
            }
        }
        Construction construction = construction(n.get("construction"), path + ".construction", problems);
        int pieces = 1;
        JsonNode p = n.get("pieces");
        if (p != null && !p.isNull()) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 1 || p.asInt() > MAX_PIECES) {
                problems.add(new Problem(path + ".pieces", "must be a whole number from 1 to " + MAX_PIECES + ", was "
                        + FreeText.quote(p.toString())));
            } else {
                pieces = p.asInt();
            }
        }
        Mass netMass = mass(n.get("netMass"), path + ".netMass", true, problems);
        Mass grossMass = mass(n.get("grossMass"), path + ".grossMass", false, problems);
        if (netMass != null && grossMass != null && grossMass.grams().compareTo(netMass.grams()) < 0) {
            problems.add(new Problem(path + ".grossMass", "gross mass " + grossMass + " is below the net mass " + netMass));
        }
        DeclaredValue value = value(n.get("value"), path + ".value", problems);
        String refiner = optionalText(n, "refiner", path + ".refiner", problems);
        String serial = optionalText(n, "serial", path + ".serial", problems);
        boolean goodDelivery = false;
        JsonNode gd = n.get("goodDelivery");
        if (gd != null && !gd.isNull()) {
            if (!gd.isBoolean()) {
                problems.add(new Problem(path + ".goodDelivery", "must be true or false"));
            } else {
                goodDelivery = gd.asBoolean();
            }
        }
        if (problems.size() > before) {
            return null;
        }
        if (netMass != null && netMass.unit() == WeightUnit.OZ && metal != null && BULLION.contains(form)) {
            warnings.add(new Problem(path + ".netMass.unit", "'oz' is the avoirdupois ounce (28.35 g); bullion is"
                    + " weighed in troy ounces ('ozt', 31.10 g): check the declared mass"));
        }
        if (netMass != null && netMass.unit() == WeightUnit.TAEL) {
            warnings.add(new Problem(path + ".netMass.unit", "'tael' is read as the Hong Kong troy tael (37.429 g);"
                    + " the market tael and the Singapore or Malaysian tahil (37.799 g) are written 'tahil'"));
        }
        return new DeclaredItem(itemId, hs, description, form, metal, fineness, finenessWritten, pieces, netMass,
                grossMass, value, new BarMarks(refiner, serial, goodDelivery), baseAlloy, construction);
    }

    private static Construction construction(JsonNode n, String path, List<Problem> problems) {
        if (n == null || n.isNull()) {
            return Construction.SOLID;
        }
        String kindText;
        String layer = null;
        if (n.isTextual()) {
            kindText = n.asText().trim();
        } else if (n.isObject()) {
            kindText = n.path("kind").isTextual() ? n.get("kind").asText().trim() : null;
            if (kindText == null) {
                problems.add(new Problem(path + ".kind", "missing: solid, plated, filled, clad, hollow or stone-set"));
                return null;
            }
            JsonNode l = n.get("layer");
            if (l != null && !l.isNull()) {
                if (!l.isTextual() || !ELEMENT.matcher(l.asText().trim()).matches()) {
                    problems.add(new Problem(path + ".layer", "must be an element symbol such as Rh or Au, was " + l));
                    return null;
                }
                layer = l.asText().trim();
            }
        } else {
            problems.add(new Problem(path, "must be a text (\"hollow\") or {\"kind\": \"plated\", \"layer\": \"Rh\"}"));
            return null;
        }
        Construction.Kind kind = Construction.Kind.fromText(kindText).orElse(null);
        if (kind == null) {
            problems.add(new Problem(path + (n.isObject() ? ".kind" : ""), "unknown construction '" + kindText
                    + "'; one of solid, plated, filled, clad, hollow, stone-set"));
            return null;
        }
        if (kind.layered() && layer == null) {
            problems.add(new Problem(path + (n.isObject() ? ".layer" : ""), kind.text()
                    + " needs the layer's metal: {\"kind\": \"" + kind.text() + "\", \"layer\": \"Au\"}"));
            return null;
        }
        return new Construction(kind, layer);
    }

    private static DeclaredValue value(JsonNode n, String path, List<Problem> problems) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            problems.add(new Problem(path, "must be an object {\"amount\": ..., \"currency\": \"USD\"}"));
            return null;
        }
        JsonNode amount = n.get("amount");
        BigDecimal a = null;
        if (amount == null || !amount.isNumber() || amount.decimalValue().signum() < 0) {
            problems.add(new Problem(path + ".amount", "must be a number >= 0"));
        } else if (outOfRange(amount.decimalValue(), MAX_AMOUNT)) {
            problems.add(new Problem(path + ".amount", "out of range: at most " + MAX_AMOUNT.toPlainString()
                    + " with at most " + MAX_DECIMALS + " decimals, was " + FreeText.quote(amount.asText())));
        } else {
            a = amount.decimalValue();
        }
        String currency = requiredText(n, "currency", path + ".currency", problems);
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            problems.add(new Problem(path + ".currency", "must be an ISO 4217 code such as USD, was '" + currency + "'"));
            currency = null;
        }
        return a == null || currency == null ? null : new DeclaredValue(a, currency);
    }

    private static Mass mass(JsonNode n, String path, boolean required, List<Problem> problems) {
        if (n == null || n.isNull()) {
            if (required) {
                problems.add(new Problem(path, "missing, e.g. {\"value\": 1000.0, \"unit\": \"g\"}"));
            }
            return null;
        }
        if (!n.isObject()) {
            problems.add(new Problem(path, "must be an object {\"value\": ..., \"unit\": ...}"));
            return null;
        }
        JsonNode v = n.get("value");
        BigDecimal value = null;
        if (v == null || !v.isNumber()) {
            problems.add(new Problem(path + ".value", "must be a number"));
        } else if (v.decimalValue().signum() <= 0) {
            problems.add(new Problem(path + ".value", "must be above 0, was " + v.asText()));
        } else if (outOfRange(v.decimalValue(), MAX_MASS_VALUE)) {
            problems.add(new Problem(path + ".value", "out of range: at most " + MAX_MASS_VALUE.toPlainString()
                    + " (in its unit) with at most " + MAX_DECIMALS + " decimals, was " + FreeText.quote(v.asText())));
        } else {
            value = v.decimalValue();
        }
        String unitText = requiredText(n, "unit", path + ".unit", problems);
        WeightUnit unit = null;
        if (unitText != null) {
            unit = WeightUnit.fromSymbol(unitText).orElse(null);
            if (unit == null) {
                problems.add(new Problem(path + ".unit", "unknown unit '" + unitText
                        + "'; one of g, kg, mg, ct, ozt, dwt, gr, lb, oz (avoirdupois), tola, tael (troy), tahil"));
            }
        }
        return value == null || unit == null ? null : new Mass(value, unit);
    }

    private static String id(JsonNode n, String field, String path, List<Problem> problems) {
        String s = requiredText(n, field, path, problems);
        if (s != null && !ID.matcher(s).matches()) {
            problems.add(new Problem(path, "must be 1-64 of A-Z a-z 0-9 . _ - , was '" + abbreviate(s) + "'"));
            return null;
        }
        return s;
    }

    private static String requiredText(JsonNode n, String field, String path, List<Problem> problems) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            problems.add(new Problem(path, "missing"));
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(new Problem(path, "must be a non-empty string"));
            return null;
        }
        return capped(v.asText().trim(), path, FreeText.NAME, problems);
    }

    /** The text when within {@code max} characters and free of control and bidi characters; else a problem. */
    private static String capped(String text, String path, int max, List<Problem> problems) {
        String problem = FreeText.problem(text, max);
        if (problem != null) {
            problems.add(new Problem(path, problem));
            return null;
        }
        return text;
    }

    private static String optionalText(JsonNode n, String field, String path, List<Problem> problems) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Problem(path, "must be a string"));
            return null;
        }
        return capped(v.asText().trim(), path, field.equals("description") ? FreeText.NOTE : FreeText.NAME, problems);
    }

    /** Above {@code max}, or more decimals than {@link #MAX_DECIMALS}: compared without expanding the number. */
    private static boolean outOfRange(BigDecimal number, BigDecimal max) {
        return number.scale() > MAX_DECIMALS || number.compareTo(max) > 0;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static DeclarationRejectedException rejected(String source, String path, String reason) {
        return new DeclarationRejectedException(source, List.of(new Problem(path, reason)));
    }
}
