package org.touchstone.hq.view;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The headquarters view's words in one language (resource bundle {@code hq/messages}: English and French). */
final class HqMessages {

    static final Locale FRENCH = Locale.FRENCH;
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Locale locale;
    private final ResourceBundle bundle;

    HqMessages(Locale locale) {
        this.locale = supported(locale);
        this.bundle = ResourceBundle.getBundle("hq/messages", this.locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** French for a French-speaking browser or officer, English otherwise. */
    static Locale supported(Locale asked) {
        return asked != null && asked.getLanguage().equals("fr") ? FRENCH : Locale.ENGLISH;
    }

    /** The first supported language of an Accept-Language header. */
    static Locale fromAcceptLanguage(String header, Locale fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        try {
            for (Locale.LanguageRange r : Locale.LanguageRange.parse(header)) {
                String lang = r.getRange().split("-")[0];
                if (lang.equals("fr") || lang.equals("en")) {
                    return supported(Locale.forLanguageTag(lang));
                }
            }
        } catch (IllegalArgumentException e) {
            // A garbled header: the default language.
        }
        return fallback;
    }

    Locale locale() {
        return locale;
    }

    String t(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        // Always through MessageFormat, so that a quote written '' reads ' with or without arguments.
        return new MessageFormat(pattern, locale).format(args);
    }

    /** A column's heading, or its name when the bundle has none. */
    String column(String name) {
        String key = "col." + name;
        String v = t(key);
        return v.equals(key) ? name : v;
    }

    String at(Instant instant) {
        return instant == null ? "" : AT.format(instant);
    }
}
