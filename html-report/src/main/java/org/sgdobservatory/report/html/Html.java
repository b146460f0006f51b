package org.sgdobservatory.report.html;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Text helpers for the page: HTML escaping of report strings, escaping of JSON for an inline
 * {@code <script>} element, and number formatting (3 significant digits, "—" for absent values).
 * Stateless and thread-safe.
 */
final class Html {

    /** What the page shows for an absent, null or non-finite value. */
    static final String MISSING = "—";

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
     * U+2028/U+2029 become escapes (line terminators for older JavaScript parsers). The result is still
     * the same JSON value, because {@code <} and those two characters can only occur inside JSON strings.
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
     * and 1e5, otherwise {@code 1.23e-7}; {@link #MISSING} when not finite.
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
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

    /** A count: exact when it is an integer below 1e15, otherwise as {@link #number(double)}. */
    static String count(double value) {
        if (Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return number(value);
    }

    /** The number at {@code node}, formatted as {@link #number(double)}; {@link #MISSING} if absent. */
    static String number(JsonNode node) {
        return number(Json.number(node));
    }

    /** {@code value} as a percentage with 3 significant digits, e.g. {@code 12.5%}. */
    static String percent(double value) {
        return Double.isFinite(value) ? number(100 * value) + "%" : MISSING;
    }

    /** The escaped text at {@code node}, or {@link #MISSING} when absent, null or empty. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return MISSING;
        }
        String s = node.isValueNode() ? node.asText() : node.toString();
        return s.isEmpty() ? MISSING : escape(s);
    }
}
