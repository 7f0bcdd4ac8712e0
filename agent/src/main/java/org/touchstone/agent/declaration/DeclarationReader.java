package org.touchstone.agent.declaration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.touchstone.agent.declaration.DeclarationRejectedException.Problem;
import org.touchstone.drivers.reading.WeightUnit;

/**
 * Reads a declaration document (JSON) and checks every field, collecting all problems so the declarant can
 * fix them in one go. Unknown fields are kept in {@link Declaration#original()}.
 */
public final class DeclarationReader {

    public static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_ITEMS = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HS = Pattern.compile("\\d{4}(\\.\\d{2}(\\.?\\d{2})?)?");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern KARAT = Pattern.compile("(\\d{1,2}(?:\\.\\d+)?)\\s*(k|kt|ct|karat|carat)",
            Pattern.CASE_INSENSITIVE);

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
                DeclaredItem item = item(itemsNode.get(i), "items[" + i + "]", problems);
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
        return new Declaration(id, declarant, exporter, origin, items, root);
    }

    private static DeclaredItem item(JsonNode n, String path, List<Problem> problems) {
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
        Metal metal = null;
        String metalText = requiredText(n, "metal", path + ".metal", problems);
        if (metalText != null) {
            metal = Metal.fromSymbol(metalText).orElse(null);
            if (metal == null) {
                problems.add(new Problem(path + ".metal", "unknown precious metal '" + metalText
                        + "'; one of Au, Ag, Pt, Pd, Rh, Ir, Os, Ru"));
            }
        }
        BigDecimal fineness = null;
        String finenessWritten = null;
        JsonNode f = n.get("fineness");
        if (f == null || f.isNull()) {
            problems.add(new Problem(path + ".fineness", "missing (‰, e.g. 999.9, or karat, e.g. \"18K\")"));
        } else if (f.isNumber()) {
            fineness = f.decimalValue();
            finenessWritten = f.asText();
            if (fineness.signum() <= 0 || fineness.compareTo(BigDecimal.valueOf(1000)) > 0) {
                problems.add(new Problem(path + ".fineness", "must be in ‰, above 0 and at most 1000, was " + finenessWritten));
                fineness = null;
            }
        } else if (f.isTextual()) {
            finenessWritten = f.asText();
            Matcher k = KARAT.matcher(finenessWritten.trim());
            if (k.matches()) {
                BigDecimal karat = new BigDecimal(k.group(1));
                if (karat.signum() <= 0 || karat.compareTo(BigDecimal.valueOf(24)) > 0) {
                    problems.add(new Problem(path + ".fineness", "karat must be above 0 and at most 24, was " + finenessWritten));
                } else {
                    fineness = karat.multiply(BigDecimal.valueOf(1000)).divide(BigDecimal.valueOf(24), 1, RoundingMode.HALF_UP);
                }
            } else {
                problems.add(new Problem(path + ".fineness", "'" + finenessWritten
                        + "' is neither a number in ‰ nor a karat such as \"18K\""));
            }
        } else {
            problems.add(new Problem(path + ".fineness", "must be a number in ‰ or a karat string"));
        }
        int pieces = 1;
        JsonNode p = n.get("pieces");
        if (p != null && !p.isNull()) {
            if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 1) {
                problems.add(new Problem(path + ".pieces", "must be a whole number >= 1, was " + p));
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
        return new DeclaredItem(itemId, hs, description, form, metal, fineness, finenessWritten, pieces, netMass,
                grossMass, value, new BarMarks(refiner, serial, goodDelivery));
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
        } else {
            value = v.decimalValue();
        }
        String unitText = requiredText(n, "unit", path + ".unit", problems);
        WeightUnit unit = null;
        if (unitText != null) {
            unit = WeightUnit.fromSymbol(unitText).orElse(null);
            if (unit == null) {
                problems.add(new Problem(path + ".unit", "unknown unit '" + unitText
                        + "'; one of g, kg, mg, ct, ozt, dwt, gr, lb, oz (avoirdupois), tola, tael"));
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
        return v.asText().trim();
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
        return v.asText().trim();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static DeclarationRejectedException rejected(String source, String path, String reason) {
        return new DeclarationRejectedException(source, List.of(new Problem(path, reason)));
    }
}
