package org.touchstone.agent.console;

import java.math.BigDecimal;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The console's words in one officer's language, from the {@code console/messages} bundles, and numbers, dates and
 * times as that officer reads them, in the post's time zone.
 */
final class Messages {

    static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.FRENCH, Locale.forLanguageTag("ru"));
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale locale;
    private final ZoneId zone;
    private final ResourceBundle bundle;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter time;
    private final DateTimeFormatter date;

    Messages(Locale locale, ZoneId zone) {
        this.locale = supported(locale);
        this.zone = zone;
        this.bundle = ResourceBundle.getBundle("console.messages", this.locale, NO_FALLBACK);
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.MEDIUM)
                .withLocale(this.locale).withZone(zone);
        this.time = DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM).withLocale(this.locale).withZone(zone);
        this.date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(this.locale).withZone(zone);
    }

    /** The supported locale closest to the one asked for; English otherwise. */
    static Locale supported(Locale asked) {
        if (asked != null) {
            for (Locale l : LOCALES) {
                if (l.getLanguage().equals(asked.getLanguage())) {
                    return l;
                }
            }
        }
        return Locale.ENGLISH;
    }

    /** The supported language an {@code Accept-Language} header prefers, or {@code fallback}. */
    static Locale fromAcceptLanguage(String header, Locale fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        try {
            for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                String lang = range.getRange().split("-")[0];
                for (Locale l : LOCALES) {
                    if (l.getLanguage().equals(lang)) {
                        return l;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // A malformed header: the post's language.
        }
        return fallback;
    }

    Locale locale() {
        return locale;
    }

    String language() {
        return locale.getLanguage();
    }

    /** A label; with arguments, a {@link MessageFormat} pattern (quotes doubled in the bundle). */
    String t(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** A label if the bundle has it, else the text given (enum names the bundle does not know yet). */
    String tOr(String key, String otherwise) {
        return bundle.containsKey(key) ? bundle.getString(key) : otherwise;
    }

    String number(double value, int decimals) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f.format(value);
    }

    /** A decimal as the instrument sent it, with all its digits, in the officer's notation. */
    String decimal(BigDecimal value) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        int scale = Math.max(value.scale(), 0);
        f.setMinimumFractionDigits(scale);
        f.setMaximumFractionDigits(scale);
        return f.format(value);
    }

    String dateTime(Instant at) {
        return at == null ? "" : dateTime.format(at);
    }

    /** The time alone for today, the date and time otherwise. */
    String when(Instant at, Instant now) {
        if (at == null) {
            return "";
        }
        return LocalDate.ofInstant(at, zone).equals(LocalDate.ofInstant(now, zone)) ? time.format(at) : dateTime.format(at);
    }

    String date(Instant at) {
        return at == null ? "" : date.format(at);
    }

    String age(Instant from, Instant now) {
        Duration d = Duration.between(from, now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return t("age.seconds", d.toSeconds());
        }
        if (minutes < 60) {
            return t("age.minutes", minutes);
        }
        if (minutes < 48 * 60) {
            return t("age.hours", minutes / 60, minutes % 60);
        }
        return t("age.days", minutes / (24 * 60));
    }

    ZoneId zone() {
        return zone;
    }
}
