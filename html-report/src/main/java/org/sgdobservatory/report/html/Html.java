package org.sgdobservatory.report.html;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

import org.sgdobservatory.report.model.Interval;

/**
 * Text helpers for the page: HTML escaping of report strings, escaping of JSON for an inline
 * {@code <script>} element, and number formatting (3 significant digits). A number that is not finite (NaN in the
 * records, {@code null} in JSON: not estimable) is shown as a dash with the tooltip "not estimable", never as
 * "NaN". Methods whose name ends in {@code Html} return markup; the others return plain text. Stateless and
 * thread-safe.
 */
final class Html {

    /** What the page shows for a number that is not estimable, as plain text. */
    static final String DASH = "—";

    /** What the page shows for a number that is not estimable, as markup with its tooltip. */
    static final String ABSENT_HTML = "<span class=\"na\" title=\"not estimable\">" + DASH + "</span>";

    private Html() {
    }

    /**
     * Escapes {@code text} for HTML element content and double-quoted attribute values ({@code & < > " '}).
     * {@code null} becomes the empty string.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Makes serialised JSON safe inside {@code <script type="application/json">}: every {@code <} becomes
     * {@code \u003c} (so neither {@code </script>} nor {@code <!--} can end or alter the element), and
     * U+2028/U+2029 become escapes. The result is the same JSON value, because these characters can only occur
     * inside JSON strings.
     */
    static String scriptSafeJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * {@code value} with at most 3 significant digits (trailing zeros dropped): plain notation between 1e-3
     * and 1e5, otherwise {@code 1.23e-7}; {@link #DASH} when not finite.
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return DASH;
        }
        if (value == 0) {
            return "0";
        }
        double abs = Math.abs(value);
        if (abs >= 1e-3 && abs < 1e5) {
            return BigDecimal.valueOf(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        String sci = String.format(Locale.ROOT, "%.2e", value);
        int e = sci.indexOf('e');
        String mantissa = sci.substring(0, e).replaceAll("\\.?0+$", "");
        int exponent = Integer.parseInt(sci.substring(e + 1));
        return mantissa + "e" + exponent;
    }

    /** {@link #number(double)} as markup: {@link #ABSENT_HTML} when not finite. */
    static String numberHtml(double value) {
        return Double.isFinite(value) ? number(value) : ABSENT_HTML;
    }

    /** {@code value} as a percentage with 3 significant digits, e.g. {@code 12.5%}; markup. */
    static String percentHtml(double value) {
        return Double.isFinite(value) ? number(100 * value) + "%" : ABSENT_HTML;
    }

    /** {@code value ± standardError} as markup; the error is left out when it is not finite. */
    static String plusMinusHtml(double value, double standardError) {
        if (!Double.isFinite(value)) {
            return ABSENT_HTML;
        }
        return number(value) + (Double.isFinite(standardError) ? " ± " + number(standardError) : "");
    }

    /**
     * An estimate with its 95% interval, e.g. {@code 1.05 (95% interval 0.97–1.13)}, as markup; the interval is left
     * out when it is not finite, and the whole is {@link #ABSENT_HTML} when the value is not.
     */
    static String intervalHtml(Interval interval) {
        if (!Double.isFinite(interval.value())) {
            return ABSENT_HTML;
        }
        String range = Double.isFinite(interval.low95()) && Double.isFinite(interval.high95())
                ? " (95% interval " + number(interval.low95()) + "–" + number(interval.high95()) + ")" : "";
        return number(interval.value()) + range;
    }

    /** Whether a report string is worth showing: not null and not blank. */
    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** A count: exact. */
    static String count(long value) {
        return Long.toString(value);
    }

    /** A count with its noun, e.g. {@code 1 point}, {@code 6 points} (the plural adds an s). */
    static String count(long value, String noun) {
        return value + " " + noun + (value == 1 ? "" : "s");
    }
}
